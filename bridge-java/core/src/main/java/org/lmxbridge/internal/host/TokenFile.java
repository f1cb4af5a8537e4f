package org.lmxbridge.internal.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.lmxbridge.internal.text.Msg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host engine's shared secret: a file holding 32 random bytes as 64 hex digits, readable only
 * by the user the host runs as (POSIX mode 600; on Windows an ACL with one entry granting the
 * owner). A client proves it runs as that user (or was given the file) by sending its content in
 * the {@code hello} frame. Internal.
 */
public final class TokenFile {
    /**
     * Created on first use, not with the class: the host resolves its data folder (and with it the token
     * file's default path) before it points the log at {@code <dataDir>/logs}; a logger created here then
     * started the log in the platform's default folder instead.
     */
    private static Logger log() {
        return LoggerFactory.getLogger(TokenFile.class);
    }
    static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    /** Shortest token accepted from an existing file (hex digits or other printable characters). */
    static final int MIN_TOKEN_CHARS = 32;

    private final Path path;
    private final String token;
    private final boolean created;

    private TokenFile(Path path, String token, boolean created) {
        this.path = path;
        this.token = token;
        this.created = created;
    }

    /** The token file's default place: {@code <dataDir>/host.token}. */
    public static Path defaultPath(Path dataDir) {
        return dataDir.resolve("host.token");
    }

    /**
     * Reads the token file, creating it (and its folder) with a new random token when missing. An
     * existing file whose POSIX permissions let others read it is narrowed to 600.
     * @throws IOException the file cannot be created or read (the JDK's message), or holds no usable token
     *     (a catalogue sentence: {@link Msg#text(Throwable, org.lmxbridge.Language)} renders it in the reader's language)
     */
    public static TokenFile loadOrCreate(Path path) throws IOException {
        Path abs = path.toAbsolutePath();
        if (!Files.exists(abs)) {
            Path dir = abs.getParent();
            if (dir != null) Files.createDirectories(dir);
            String fresh = HexFormat.of().formatHex(randomBytes(32));
            Path tmp = createOwnerOnly(dir, abs.getFileName() + ".tmp-" + HexFormat.of().formatHex(randomBytes(4)));
            try {
                Files.write(tmp, fresh.getBytes(StandardCharsets.US_ASCII));
                try {
                    Files.move(tmp, abs);
                    return new TokenFile(abs, fresh, true);
                } catch (FileAlreadyExistsException raced) {
                    // another host created it at the same moment: use theirs
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        narrowPosixPermissions(abs);
        String t = Files.readString(abs, StandardCharsets.UTF_8).strip();
        if (t.length() < MIN_TOKEN_CHARS || !t.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw Msg.of("host.token.unusable", abs, MIN_TOKEN_CHARS).ioError();
        }
        return new TokenFile(abs, t, false);
    }

    /**
     * Writes {@code content} into {@code file}, readable by its owner only from the first moment (a new
     * file made as {@link #createOwnerOnly} does, then moved over the old one): the console's address
     * with its key.
     */
    public static void writeOwnerOnly(Path file, String content) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = createOwnerOnly(dir, abs.getFileName() + ".tmp-" + HexFormat.of().formatHex(randomBytes(4)));
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Creates an empty file only the owner can read and write. */
    static Path createOwnerOnly(Path dir, String name) throws IOException {
        Path p = dir == null ? Path.of(name) : dir.resolve(name);
        PosixFileAttributeView posix = Files.getFileAttributeView(dir == null ? Path.of("") : dir, PosixFileAttributeView.class);
        if (posix != null) {
            // the mode is given at creation, so the file is never readable by others, not even for a moment
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            Files.createFile(p, attr);
            Files.setPosixFilePermissions(p, OWNER_ONLY); // in case a umask or default ACL interfered
            return p;
        }
        AclFileAttributeView aclDir = Files.getFileAttributeView(dir == null ? Path.of("") : dir, AclFileAttributeView.class);
        if (aclDir != null) {
            UserPrincipal owner = aclDir.getOwner();
            List<AclEntry> acl = ownerOnlyAcl(owner);
            FileAttribute<List<AclEntry>> attr = new FileAttribute<>() {
                @Override
                public String name() {
                    return "acl:acl";
                }

                @Override
                public List<AclEntry> value() {
                    return acl;
                }
            };
            try {
                Files.createFile(p, attr);
            } catch (UnsupportedOperationException e) {
                Files.createFile(p);
            }
            // replaces the DACL with the single owner entry (no inherited entries remain)
            AclFileAttributeView view = Files.getFileAttributeView(p, AclFileAttributeView.class);
            UserPrincipal fileOwner = view.getOwner();
            view.setAcl(ownerOnlyAcl(fileOwner));
            return p;
        }
        log().warn("the file system of {} supports neither POSIX permissions nor ACLs; the token file is protected only by its folder", dir);
        Files.createFile(p);
        return p;
    }

    /** One ACL entry: full control of the file for {@code owner}, nothing for anyone else. */
    static List<AclEntry> ownerOnlyAcl(UserPrincipal owner) {
        return List.of(AclEntry.newBuilder()
                .setType(AclEntryType.ALLOW)
                .setPrincipal(owner)
                .setPermissions(EnumSet.allOf(AclEntryPermission.class))
                .build());
    }

    private static void narrowPosixPermissions(Path p) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        if (posix == null) return;
        Set<PosixFilePermission> perms = posix.readAttributes().permissions();
        Set<PosixFilePermission> extra = EnumSet.copyOf(perms);
        extra.removeAll(OWNER_ONLY);
        if (!extra.isEmpty()) {
            log().warn("token file {} was accessible to others ({}); narrowing it to 600", p, PosixFilePermissions.toString(perms));
            posix.setPermissions(OWNER_ONLY);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /**
     * Compares a presented token with the expected one in constant time (independent of where they
     * differ and of their lengths: both are hashed first).
     */
    public static boolean matches(String expected, String presented) {
        if (expected == null || presented == null) return false;
        try {
            MessageDigest a = MessageDigest.getInstance("SHA-256");
            MessageDigest b = MessageDigest.getInstance("SHA-256");
            return MessageDigest.isEqual(a.digest(expected.getBytes(StandardCharsets.UTF_8)),
                    b.digest(presented.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    public Path path() {
        return path;
    }

    /** The token (never log it). */
    public String token() {
        return token;
    }

    /** True when this call created the file. */
    public boolean created() {
        return created;
    }

    @Override
    public String toString() {
        return "TokenFile[" + path + (created ? ", created" : "") + "]";
    }
}
