package org.lmxbridge.internal.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.Language;
import org.lmxbridge.internal.text.Msg;

class TokenFileTest {
    @TempDir
    Path dir;

    static boolean posix(Path p) {
        return Files.getFileAttributeView(p, PosixFileAttributeView.class) != null;
    }

    @Test
    void createsA64HexDigitTokenReadableOnlyByTheOwner() throws Exception {
        Path p = dir.resolve("sub/host.token");
        TokenFile t = TokenFile.loadOrCreate(p);
        assertTrue(t.created());
        assertTrue(t.token().matches("[0-9a-f]{64}"), t.token());
        assertEquals(t.token(), Files.readString(p));
        assertEquals(p.toAbsolutePath(), t.path());
        assumeTrue(posix(p));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        try (var s = Files.list(p.getParent())) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }

    @Test
    void anExistingFileIsReusedAndNarrowedTo600() throws Exception {
        Path p = dir.resolve("host.token");
        String first = TokenFile.loadOrCreate(p).token();
        TokenFile again = TokenFile.loadOrCreate(p);
        assertFalse(again.created());
        assertEquals(first, again.token());
        assertTrue(again.toString().contains(p.toString()));
        assertFalse(again.toString().contains(first), "the token never appears in toString");
        assumeTrue(posix(p));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(p, first + "\n"); // an editor's newline is fine
        assertEquals(first, TokenFile.loadOrCreate(p).token());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
    }

    @Test
    void aFileWithoutAUsableTokenIsAnError() throws Exception {
        Path p = dir.resolve("host.token");
        Files.writeString(p, "short");
        IOException e = assertThrows(IOException.class, () -> TokenFile.loadOrCreate(p));
        // a catalogue sentence: Russian by default (getMessage), in the reader's language through Msg.text
        String ru = "в файле токена " + p.toAbsolutePath() + " нет токена (нужно не меньше 32 печатных символов ASCII); удалите файл — "
                + "хост создаст новый";
        assertEquals(ru, e.getMessage());
        assertEquals(ru, Msg.text(e, Language.RU));
        assertEquals("token file " + p.toAbsolutePath() + " does not hold a token (at least 32 printable ASCII characters); delete it and "
                + "the host creates a new one", Msg.text(e, Language.EN), "the English sentence is the one TokenFile always wrote");
        Files.writeString(p, "");
        e = assertThrows(IOException.class, () -> TokenFile.loadOrCreate(p));
        assertTrue(Msg.text(e, Language.EN).startsWith("token file "), Msg.text(e, Language.EN));
        // a failure of the file system keeps the JDK's message, untranslated, in either language
        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        e = assertThrows(IOException.class, () -> TokenFile.loadOrCreate(folder));
        assertEquals(e.getMessage(), Msg.text(e, Language.EN));
        assertEquals(e.getMessage(), Msg.text(e, Language.RU));
    }

    @Test
    void comparison() {
        String t = "a".repeat(64);
        assertTrue(TokenFile.matches(t, "a".repeat(64)));
        assertFalse(TokenFile.matches(t, "a".repeat(63) + "b"));
        assertFalse(TokenFile.matches(t, "a".repeat(63)));
        assertFalse(TokenFile.matches(t, ""));
        assertFalse(TokenFile.matches(t, null));
        assertFalse(TokenFile.matches(null, t));
    }
}
