package org.lmxbridge.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The bridge's rolling log file, readable by the register users' group only. On POSIX file systems the
 * log folder is {@code rwxr-s---} and every log file {@code rw-r-----}, both in the group of the data
 * folder (the folder above {@code logs}: the register users' group when the folder was set up for
 * them), so support and the console — members of that group — read the logs and nobody else does. On
 * Windows the files inherit the data folder's ACL (the MSI grants SYSTEM, Administrators and
 * REGISTERUSERS only). Applied to the active file whenever it is opened (at start and after each
 * rollover; rolled files keep it: a rename keeps permissions). Failures (a folder of another owner)
 * leave the system's defaults and are recorded in Logback's status, never printed.
 */
public final class RestrictedRollingFileAppender extends RollingFileAppender<ILoggingEvent> {
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r-----");
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwxr-x---");

    @Override
    public void openFile(String fileName) throws IOException {
        Path file = Path.of(fileName).toAbsolutePath();
        Path dir = file.getParent();
        if (dir != null) {
            // also when it exists: the native library may have made it first (for jvm.log)
            if (!Files.isDirectory(dir)) Files.createDirectories(dir);
            if (ownedByMe(dir)) restrict(dir, FOLDER);
        }
        boolean fresh = !Files.exists(file);
        if (fresh) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            } catch (UnsupportedOperationException | IOException e) {
                // not POSIX (Windows: the folder's ACL applies), or created meanwhile
            }
        }
        super.openFile(fileName);
        restrict(file, FILE);
    }

    private static boolean ownedByMe(Path p) {
        try {
            return Files.getOwner(p).getName().equals(System.getProperty("user.name"));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private void restrict(Path p, Set<PosixFilePermission> perms) {
        PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        if (v == null) return;
        try {
            Path data = p.getParent() == null ? null : (Files.isDirectory(p) ? p.getParent() : p.getParent().getParent());
            if (data != null) {
                PosixFileAttributeView dv = Files.getFileAttributeView(data, PosixFileAttributeView.class);
                GroupPrincipal g = dv == null ? null : dv.readAttributes().group();
                if (g != null && !g.equals(v.readAttributes().group())) v.setGroup(g);
            }
        } catch (IOException | SecurityException e) {
            addWarn("cannot give " + p + " the data folder's group: " + e.getMessage());
        }
        try {
            java.util.EnumSet<PosixFilePermission> want = java.util.EnumSet.copyOf(perms);
            if (Files.isDirectory(p)) {
                // setgid: files created later (by another register program) get the folder's group too
                v.setPermissions(want);
                try {
                    Files.setAttribute(p, "unix:mode", 02750);
                } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
                    // the mode without setgid is set already
                }
            } else if (!v.readAttributes().permissions().equals(want)) {
                v.setPermissions(want);
            }
        } catch (IOException | SecurityException e) {
            addWarn("cannot restrict " + p + ": " + e.getMessage());
        }
    }
}
