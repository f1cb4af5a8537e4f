package org.lmxbridge.it.chaos;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.lmxbridge.emulator.Emulator;
import org.lmxbridge.emulator.EmulatorOptions;

/**
 * A class-data archive for the bridge processes of {@link ChaosIT}: one warm-up run of
 * {@link ChaosRegister} (a purchase against an emulator) writes it at exit, and every restart after a
 * kill maps it, which roughly halves the JVM's start. Null (no archive) when it cannot be made.
 */
final class ChaosJvm {
    private ChaosJvm() {
    }

    static Path archive(Path work) {
        Path jsa = work.resolve("chaos.jsa");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (Emulator emu = Emulator.start(EmulatorOptions.builder().port(0).build())) {
            Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
                    "-XX:ArchiveClassesAtExit=" + jsa, "-Dlmx.it.logfile=" + work.resolve("warmup.log"),
                    "-cp", System.getProperty("java.class.path"), ChaosRegister.class.getName())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String cfg = "{\"url\":\"" + emu.registerUrl("demo-partner", "reg01") + "\",\"login\":\"reg01\",\"password\":\"secret\","
                    + "\"dataDir\":\"" + work.resolve("warmup").toString().replace("\\", "\\\\") + "\"}";
            String sale = "{\"purchaseId\":\"W1\",\"identifier\":{\"value\":\"8690003\"},\"cheque\":{\"lines\":[{\"pos\":1,"
                    + "\"goodsId\":\"1\",\"price\":\"10\",\"quantity\":\"1\",\"amount\":\"10\"}]},\"amount\":\"1\"}";
            for (String l : new String[] {"OPEN " + cfg, "EXEC calculate " + sale, "EXEC pay " + sale, "EXEC discount " + sale,
                "EXEC confirm {\"purchaseId\":\"W1\"}", "EXEC queue {\"action\":\"list\"}", "CLOSE"}) {
                in.write(l + "\n");
            }
            in.close();
            while (out.readLine() != null) {
                // drain until the process exits
            }
            p.waitFor(60, TimeUnit.SECONDS);
            return Files.isRegularFile(jsa) ? jsa : null;
        } catch (Exception e) {
            return null;
        }
    }
}
