package org.lmxbridge.internal.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.BridgeException;
import org.lmxbridge.CommandSession;
import org.lmxbridge.Status;
import org.lmxbridge.testing.StubProcessing;

/**
 * A data folder the program cannot use is reported as what it is (issue 11: an unwritable dataDir
 * said "cannot lock the offline queue … : …lock").
 */
class DataFolderTest {
    static String refused(StubProcessing srv, Path dataDir) {
        String cfg = srv.config("df1").replaceFirst("\"dataDir\":\"[^\"]*\"", "\"dataDir\":\"" + dataDir.toString().replace("\\", "\\\\") + "\"");
        BridgeException e = assertThrows(BridgeException.class, () -> CommandSession.open(cfg).close());
        assertEquals(Status.STORAGE_FAILED, e.status());
        assertFalse(e.getMessage().contains("lock") || e.getMessage().contains("заблокировать"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aFileWhereTheFolderShouldBe(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "x");
        try (StubProcessing srv = new StubProcessing()) {
            assertTrue(refused(srv, file).endsWith("— не папка: так называется файл"), refused(srv, file));
            assertTrue(refused(srv, file.resolve("sub")).contains("не удаётся создать"), refused(srv, file.resolve("sub")));
        }
    }
}
