package org.lmxbridge.internal.register;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Status;
import org.lmxbridge.internal.text.Msg;

/**
 * The register's data folder (offline queue, logs) checked before the queue opens, so that a folder
 * the program cannot use is reported as what it is — not found and not creatable, not a folder, not
 * writable — with the system's reason, instead of a failure to lock the queue file. Internal.
 */
final class DataFolder {
    private DataFolder() {
    }

    static void check(Path dir) throws BridgeException {
        Msg what = Msg.of("datadir.what", dir.toAbsolutePath());
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw Msg.of("datadir.isFile", what).error(Status.STORAGE_FAILED);
        } catch (AccessDeniedException e) {
            throw Msg.of("datadir.denied", what, e.getFile()).error(Status.STORAGE_FAILED);
        } catch (FileSystemException e) {
            throw Msg.of("datadir.cannotCreate", what, e.getReason() == null ? e.getClass().getSimpleName() : e.getReason())
                    .error(Status.STORAGE_FAILED);
        } catch (IOException | SecurityException e) {
            throw Msg.of("datadir.cannotCreate", what, e).error(Status.STORAGE_FAILED);
        }
        if (!Files.isDirectory(dir)) {
            throw Msg.of("datadir.notFolder", what).error(Status.STORAGE_FAILED);
        }
        if (!Files.isWritable(dir)) {
            throw Msg.of("datadir.notWritable", what).error(Status.STORAGE_FAILED);
        }
    }
}
