package org.lmxbridge.internal.register;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Status;

/**
 * The register's data folder (offline queue, logs) checked before the queue opens, so that a folder
 * the program cannot use is reported as what it is — not found and not creatable, not a folder, not
 * writable — with the system's reason, instead of a failure to lock the queue file. Internal.
 */
final class DataFolder {
    private DataFolder() {
    }

    static void check(Path dir) throws BridgeException {
        String what = "the data folder " + dir.toAbsolutePath() + " (configuration key \"dataDir\")";
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new BridgeException(Status.STORAGE_FAILED, what + " is not a folder: a file has that name");
        } catch (AccessDeniedException e) {
            throw new BridgeException(Status.STORAGE_FAILED, what + " cannot be created: permission denied for "
                    + e.getFile() + "; create it, or set \"dataDir\" to a folder this program may write");
        } catch (FileSystemException e) {
            throw new BridgeException(Status.STORAGE_FAILED, what + " cannot be created: "
                    + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason()));
        } catch (IOException | SecurityException e) {
            throw new BridgeException(Status.STORAGE_FAILED, what + " cannot be created: " + e);
        }
        if (!Files.isDirectory(dir)) {
            throw new BridgeException(Status.STORAGE_FAILED, what + " is not a folder");
        }
        if (!Files.isWritable(dir)) {
            throw new BridgeException(Status.STORAGE_FAILED, what + " is not writable by this process (permission denied): "
                    + "the offline queue and the logs are kept there; give this program's user write access, or set "
                    + "\"dataDir\" to another folder");
        }
    }
}
