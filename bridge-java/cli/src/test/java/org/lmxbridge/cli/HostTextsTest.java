package org.lmxbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loymax-bridge host} refusing to start says why in the language of its first {@code --config}
 * file (Russian when it declares none), as an integrator reads it in the journal or the service log;
 * the exit code stays 2. The host runs in a JVM of its own: it installs shutdown hooks and logging.
 */
class HostTextsTest {
    @TempDir
    Path dir;

    private ToolRun.Finished host(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("host", "--data-dir", dir.toString()));
        cmd.addAll(List.of(args));
        ToolRun.Finished r = ToolRun.run(cmd.toArray(String[]::new));
        assertEquals(2, r.exit(), r.out());
        assertFalse(r.out().contains("host listening on"), r.out());
        return r;
    }

    private Path config(String name, String json) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, json);
        return f;
    }

    @Test
    void settingsRefusedInTheFirstConfigurationsLanguage() throws Exception {
        Path ru = config("ru.json", "{\"hostAddress\":\"192.0.2.1:30000\"}");
        ToolRun.Finished r = host("--config", ru.toString());
        assertTrue(r.out().contains("hostAddress \"192.0.2.1:30000\" — не адрес обратной петли; хост слушает только 127.0.0.1 (или ::1)"), r.out());
        Path en = config("en.json", "{\"language\":\"en\",\"hostAddress\":\"192.0.2.1:30000\"}");
        r = host("--config", en.toString());
        assertTrue(r.out().contains("hostAddress \"192.0.2.1:30000\" is not a loopback address"), r.out());

        // the files disagree: the first one's language, whatever the second says
        Path enA = config("en-a.json", "{\"language\":\"en\",\"hostAddress\":\"127.0.0.1:30000\"}");
        Path b = config("b.json", "{\"hostAddress\":\"127.0.0.1:30001\"}");
        r = host("--config", enA.toString(), "--config", b.toString());
        assertTrue(r.out().contains("the configuration files disagree on \"hostAddress\" (" + b + " says \"127.0.0.1:30001\""), r.out());
        Path ruA = config("ru-a.json", "{\"hostAddress\":\"127.0.0.1:30000\"}");
        Path enB = config("en-b.json", "{\"language\":\"en\",\"hostAddress\":\"127.0.0.1:30001\"}");
        r = host("--config", ruA.toString(), "--config", enB.toString());
        assertTrue(r.out().contains("файлы конфигурации задают разные \"hostAddress\" (в " + enB + " — \"127.0.0.1:30001\""), r.out());

        // no configuration at all: Russian
        r = host("--port", "70000");
        assertTrue(r.out().contains("--port должен быть от 0 до 65535, а указано 70000"), r.out());
        r = host("--bind", "[::1");
        assertTrue(r.out().contains("--bind \"[::1\": открывающая скобка \"[\" без закрывающей \"]\""), r.out());
        r = host("--config", config("en-plain.json", "{\"language\":\"en\"}").toString(), "--max-frame-bytes", "10");
        assertTrue(r.out().contains("--max-frame-bytes must be at least 1024, got 10"), r.out());
        r = host("--config", config("ru-plain.json", "{}").toString(), "--max-connections", "0");
        assertTrue(r.out().contains("--max-connections должен быть не меньше 1, а указано 0"), r.out());
        r = host("--config", config("ru-plain.json", "{}").toString(), "--console", "70000");
        assertTrue(r.out().contains("--console должен быть от 0 до 65535, а указано 70000"), r.out());
        r = host("--config", config("en-plain.json", "{\"language\":\"en\"}").toString(), "--console", "100000");
        assertTrue(r.out().contains("--console must be 0–65535, got 100000"), r.out());
    }

    @Test
    void anUnusableTokenFile() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("token-is-a-folder"));
        ToolRun.Finished r = host("--config", config("ru.json", "{}").toString(), "--port", "0", "--token-file", folder.toString());
        assertTrue(r.out().contains("файл токена " + folder + " не удаётся создать или прочитать: "), r.out());
        r = host("--config", config("en.json", "{\"language\":\"en\"}").toString(), "--port", "0", "--token-file", folder.toString());
        assertTrue(r.out().contains("cannot create or read the token file " + folder + ": "), r.out());

        // a file without a token: TokenFile's own sentence follows in the same language
        Path shortToken = dir.resolve("short.token");
        Files.writeString(shortToken, "short");
        r = host("--config", config("ru.json", "{}").toString(), "--port", "0", "--token-file", shortToken.toString());
        assertTrue(r.out().contains("файл токена " + shortToken + " не удаётся создать или прочитать: в файле токена " + shortToken.toAbsolutePath()
                + " нет токена (нужно не меньше 32 печатных символов ASCII); удалите файл — хост создаст новый"), r.out());
        r = host("--config", config("en.json", "{\"language\":\"en\"}").toString(), "--port", "0", "--token-file", shortToken.toString());
        assertTrue(r.out().contains("cannot create or read the token file " + shortToken + ": token file " + shortToken.toAbsolutePath()
                + " does not hold a token (at least 32 printable ASCII characters); delete it and the host creates a new one"), r.out());
    }

    @Test
    void aPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            String port = Integer.toString(taken.getLocalPort());
            ToolRun.Finished r = host("--config", config("ru.json", "{}").toString(), "--port", port);
            assertTrue(r.out().contains("не удаётся принимать соединения на 127.0.0.1:" + port + " ("), r.out());
            assertTrue(r.out().contains("не запущен ли уже другой хост? Выберите другой порт в --port"), r.out());
            r = host("--config", config("en.json", "{\"language\":\"en\"}").toString(), "--port", port);
            assertTrue(r.out().contains("cannot listen on 127.0.0.1:" + port + " ("), r.out());
            assertTrue(r.out().contains("is another host running? Choose another port with --port"), r.out());
        }
    }

    @Test
    void aRegisterThatCannotBeOpened() throws Exception {
        // the host's own words around the register's sentence, both in the configuration's language
        Path ru = config("ru.json", "{}");
        ToolRun.Finished r = host("--config", ru.toString(), "--port", "0");
        assertTrue(r.out().contains("конфигурация кассы " + ru + ": "), r.out());
        assertTrue(r.out().contains("ключ конфигурации"), r.out());
        Path en = config("en.json", "{\"language\":\"en\"}");
        r = host("--config", en.toString(), "--port", "0");
        assertTrue(r.out().contains("register configuration " + en + ": configuration key"), r.out());
        assertFalse(r.out().contains("register " + en + " open"), r.out());
    }
}
