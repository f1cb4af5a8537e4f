package org.lmxbridge.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lmxbridge.emulator.Emulator;
import org.lmxbridge.emulator.EmulatorOptions;

/**
 * Seeds for tests that assert exact figures. The bundled seed has a happy hour (18:00-20:00 on the
 * cheque's local time, which the bridge fills with "now"), so a test that expects a discount of 0 or
 * a redemption cap computed on full amounts would pass or fail by the hour it runs at. These tests use
 * the bundled seed without its happy hours: every other offer, card and register stays as documented.
 */
final class TestSeeds {
    private static Path withoutHappyHours;

    private TestSeeds() {
    }

    /** The bundled default seed with {@code offers.happyHours} emptied, written once per test JVM. */
    static synchronized Path withoutHappyHours() {
        if (withoutHappyHours == null) {
            try (InputStream in = Emulator.class.getResourceAsStream("default-seed.json")) {
                if (in == null) throw new IllegalStateException("the emulator's default-seed.json is not on the class path");
                ObjectMapper json = new ObjectMapper();
                ObjectNode seed = (ObjectNode) json.readTree(in);
                ((ObjectNode) seed.get("offers")).putArray("happyHours");
                Path f = Files.createTempFile("seed-without-happy-hours", ".json");
                f.toFile().deleteOnExit();
                json.writeValue(f.toFile(), seed);
                withoutHappyHours = f;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return withoutHappyHours;
    }

    /** Options on the seed without happy hours: figures do not depend on the hour of the run. */
    static EmulatorOptions.Builder hourIndependent() {
        return EmulatorOptions.builder().seed(withoutHappyHours());
    }
}
