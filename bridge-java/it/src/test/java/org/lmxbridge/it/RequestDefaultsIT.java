package org.lmxbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.CommandSession;
import org.lmxbridge.emulator.Emulator;
import org.lmxbridge.emulator.EmulatorOptions;

/**
 * What a caller may leave out, the bridge fills in so that processing accepts the request: a
 * cheque without number or date (the date is the register's clock at the call).
 */
class RequestDefaultsIT {
    @TempDir
    Path dir;

    @Test
    void chequeWithoutDateOrNumberIsAccepted() throws Exception {
        try (Emulator emu = Emulator.start(EmulatorOptions.builder().port(0).build());
             CommandSession s = CommandSession.open("{\"url\":\"" + emu.registerUrl("demo-partner", "reg01")
                     + "\",\"login\":\"reg01\",\"password\":\"secret\",\"dataDir\":\"" + dir.toString().replace("\\", "\\\\") + "\"}")) {
            s.setParam("/identifier/value", "79260000003");
            s.setParam("/cheque/lines/0/pos", "1");
            s.setParam("/cheque/lines/0/goodsId", "1001");
            s.setParam("/cheque/lines/0/price", "89.90");
            s.setParam("/cheque/lines/0/quantity", "2");
            s.setParam("/cheque/lines/0/amount", "179.80");
            assertEquals(0, s.execute("calculate", null), s.lastErrorText());
            s.setParam("/pays/0/type", "Card");
            s.setParam("/pays/0/amount", s.result("/lines/0/amount"));
            assertEquals(0, s.execute("discount", null), s.lastErrorText());
            assertEquals(0, s.execute("confirm", null), s.lastErrorText());
        }
    }
}
