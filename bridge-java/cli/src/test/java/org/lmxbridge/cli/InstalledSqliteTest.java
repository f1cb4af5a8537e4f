package org.lmxbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the tool looks for the SQLite native library installed beside it (the MSI's and dist/linux-x64's layouts). */
class InstalledSqliteTest {
    @TempDir
    Path dir;

    private Path touch(String relative) throws Exception {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[] {1});
        return p.toAbsolutePath();
    }

    @Test
    void windowsTakesTheFolderOfTheJvmsBitness() throws Exception {
        Path x64 = touch("x64/sqlitejdbc.dll");
        Path x86 = touch("x86/sqlitejdbc.dll");
        assertEquals(Optional.of(x64), InstalledSqlite.find(dir, "Windows 10", "amd64"));
        assertEquals(Optional.of(x86), InstalledSqlite.find(dir, "Windows Server 2019", "x86"));
    }

    @Test
    void windowsWithoutTheSubfolderOrWithItBesideTheExeFindsNothing() throws Exception {
        touch("sqlitejdbc.dll"); // dist/windows-x64's layout: which bitness it is cannot be told from the name
        touch("x64/sqlitejdbc.dll");
        assertTrue(InstalledSqlite.find(dir, "Windows 11", "x86").isEmpty());
        assertTrue(InstalledSqlite.find(dir, "Windows 11", "aarch64").isEmpty());
    }

    @Test
    void linuxX64TakesTheLibraryBesideTheJar() throws Exception {
        Path so = touch("libsqlitejdbc.so");
        assertEquals(Optional.of(so), InstalledSqlite.find(dir, "Linux", "amd64"));
        // dist ships no 32-bit or ARM Linux copy: the jar's own extraction is right there
        assertTrue(InstalledSqlite.find(dir, "Linux", "i386").isEmpty());
        assertTrue(InstalledSqlite.find(dir, "Linux", "aarch64").isEmpty());
        assertTrue(InstalledSqlite.find(dir, "Mac OS X", "x86_64").isEmpty());
    }

    @Test
    void aFolderOfThatNameIsNotALibrary() throws Exception {
        Files.createDirectories(dir.resolve("libsqlitejdbc.so"));
        assertTrue(InstalledSqlite.find(dir, "Linux", "amd64").isEmpty());
        assertTrue(InstalledSqlite.find(dir.resolve("missing"), "Linux", "amd64").isEmpty());
    }
}
