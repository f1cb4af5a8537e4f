package org.lmxbridge.emulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the tests that each run against a fresh emulator with the default options (and seed). */
abstract class EmulatorPerTest {
    Emulator emu;

    @BeforeEach
    void start() throws Exception {
        emu = Emulator.start(EmulatorOptions.defaults());
    }

    @AfterEach
    void stop() {
        emu.close();
    }
}
