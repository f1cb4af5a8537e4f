package org.lmxbridge.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.cli.Main;
import org.lmxbridge.cli.OwnerMain;
import org.lmxbridge.emulator.Emulator;
import org.lmxbridge.emulator.EmulatorOptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console as a person uses it, in a real browser (Debian's headless Chromium driven by Selenium
 * through chromium-driver): a register program in a process of its own has a sale queued offline;
 * {@code loymax-bridge console} (another process) prints its address with the key; the page shows the
 * register offline and the queued sale; processing comes back, the person presses "Повторить" on the
 * sale, and the queue empties as the owner forwards it. A screenshot of the page is saved in
 * {@code target/screenshots/console.png} (and, with {@code -Dlmx.updateScreenshot=true}, as
 * {@code docs/console.png}, the one the README shows).
 */
class ConsoleBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Pattern URL = Pattern.compile("(http://127\\.0\\.0\\.1:(\\d+)/\\?token=[0-9a-f]{64})");

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void thePersonSeesTheQueuedSaleRetriesItAndTheQueueMoves() throws Exception {
        boolean have = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!have && "1".equals(System.getenv("LMX_STRICT"))) {
            throw new AssertionError("chromium and chromium-driver are needed (scripts/toolchains.sh --install browser)");
        }
        Assumptions.assumeTrue(have, "chromium / chromium-driver not installed (scripts/toolchains.sh --install browser)");

        int port = freePort();
        Path cfg = dir.resolve("register.json");
        Files.writeString(cfg, "{\"url\":\"http://127.0.0.1:" + port + "/XmlExchange/demo-partner/reg01/\",\"login\":\"reg01\","
                + "\"password\":\"secret\",\"dataDir\":\"" + dir.toString().replace("\\", "\\\\") + "\",\"connectTimeoutMs\":500,"
                + "\"readTimeoutMs\":3000,\"probeIntervalMs\":60000}");
        List<Process> procs = new ArrayList<>();
        Path userData = Files.createDirectory(dir.resolve("chromium-profile"));
        ChromeDriver driver = null;
        try {
            // the register program: its own process, its log in <dataDir>/logs
            Process owner = new ProcessBuilder(java(), "-Dlmx.logdir=" + dir.resolve("logs"), "-cp", System.getProperty("java.class.path"),
                    OwnerMain.class.getName(), cfg.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            procs.add(owner);
            String[] sold = readUntil(owner, "SOLD ").split(" ");
            assertEquals("true", sold[1], "the sale was queued offline");
            String purchase = sold[2];
            String operation = sold[3];

            // loymax-bridge console: prints the address with its key
            Process console = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), Main.class.getName(), "console",
                    "--config", cfg.toString(), "--port", "0").redirectError(ProcessBuilder.Redirect.INHERIT).start();
            procs.add(console);
            Matcher m = URL.matcher(readUntil(console, "http://127.0.0.1:"));
            assertTrue(m.find());
            String url = m.group(1);
            int consolePort = Integer.parseInt(m.group(2));
            assertTrue(Files.readString(dir.resolve("console.url")).contains(url), "the address is kept in console.url");

            // without the key: refused
            HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + consolePort + "/api/state")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, refused.statusCode());

            ChromeOptions o = new ChromeOptions();
            o.setBinary(CHROMIUM.toFile());
            o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=ru",
                    "--user-data-dir=" + userData);
            o.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", "ru-RU,ru"));
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort()
                    .withLogFile(dir.resolve("chromedriver.log").toFile()).build();
            driver = new ChromeDriver(service, o);
            driver.manage().window().setSize(new Dimension(1400, 1500));
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));

            // a browser without the key sees the refusal
            driver.get("http://127.0.0.1:" + consolePort + "/");
            assertTrue(driver.findElement(By.id("refused")).getText().contains("ключом"), driver.getPageSource());

            driver.get(url);
            WebElement row = wait.until(d -> d.findElements(By.cssSelector("#queue tbody tr[data-state]")).stream()
                    .filter(r -> r.getText().contains(purchase)).findFirst().orElse(null));
            assertTrue(row.getText().contains("ждёт отправки"), row.getText());
            assertTrue(row.getText().contains("discount"), row.getText());
            assertEquals("нет связи", field(driver, "online"));
            assertEquals("1", field(driver, "queueLength"));
            assertEquals("179.80", field(driver, "queuedAmount"));
            assertTrue(field(driver, "owner").contains("pid " + owner.pid()), field(driver, "owner"));
            // the recent operations come from the owner's log: the sale's operation id whole
            wait.until(d -> d.findElement(By.id("operations")).getText().contains(operation));
            assertTrue(driver.findElement(By.cssSelector("#config")).getText().contains("***"), "the password is hidden");
            screenshot(driver, "console-offline.png");

            try (Emulator emu = Emulator.start(EmulatorOptions.builder().port(port).build())) {
                row.findElement(By.cssSelector("button.retry")).click();
                wait.until(d -> !d.findElements(By.id("queue-empty")).isEmpty());
                wait.until(d -> "0".equals(field(d, "queueLength")));
                wait.until(d -> "на связи".equals(field(d, "online")));
                assertEquals(1, emu.ledger().operations("demo-partner", "reg01").stream()
                        .filter(x -> x.purchaseId().equals(purchase)).count(), "processing got the sale once");
                // the test-connection button: the owner runs the check
                driver.findElement(By.id("check")).click();
                wait.until(d -> d.findElement(By.id("check-result")).getText().contains("[ OK ] Запрос"));
                screenshot(driver, "console.png");
            }
        } finally {
            if (driver != null) driver.quit();
            for (Process p : procs) {
                p.getOutputStream().close();
                p.destroy();
                if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
            }
        }
    }

    private static String field(org.openqa.selenium.WebDriver d, String name) {
        return d.findElement(By.cssSelector("#state [data-field=\"" + name + "\"]")).getText();
    }

    private static String readUntil(Process p, String prefix) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.contains(prefix)) {
                String found = line.substring(line.indexOf(prefix));
                // keep reading the rest in the background, so the process never blocks on a full pipe
                Thread t = new Thread(() -> {
                    try {
                        while (r.readLine() != null) {
                            // drained
                        }
                    } catch (java.io.IOException ignored) {
                        // the process ended
                    }
                });
                t.setDaemon(true);
                t.start();
                return found;
            }
        }
        throw new AssertionError("the process ended before printing " + prefix);
    }

    private static void screenshot(ChromeDriver driver, String name) throws Exception {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        Path out = Path.of("target", "screenshots", name);
        Files.createDirectories(out.getParent());
        Files.write(out, png);
        if ("console.png".equals(name) && Boolean.getBoolean("lmx.updateScreenshot")) {
            Path docs = Path.of("..", "..", "docs", name);
            if (Files.isDirectory(docs.getParent())) Files.write(docs, png);
        }
        assertTrue(new File(out.toString()).length() > 10_000, "a real picture of the page");
    }
}
