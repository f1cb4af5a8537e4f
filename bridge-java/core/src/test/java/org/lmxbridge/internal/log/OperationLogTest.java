package org.lmxbridge.internal.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The operation line as the console reads it back from the log file. */
class OperationLogTest {
    @Test
    void aLogLineParsesBack() {
        String line = "2026-11-28 10:15:00.123 WARN  [main] o.l.ops - OP register=reg01 command=pay purchaseId=p-1 "
                + "operationId=346b00ac8e54474288610d396842a102 ms=41 status=100 online=false queued=false error=OfflineRefused "
                + "message=\"Нет связи с процессингом Loymax\"";
        OperationLog.Entry e = OperationLog.parse(line);
        assertEquals("2026-11-28 10:15:00.123", e.time());
        assertEquals("reg01", e.register());
        assertEquals("pay", e.command());
        assertEquals("346b00ac8e54474288610d396842a102", e.operationId());
        assertEquals(41, e.ms());
        assertEquals(100, e.status());
        assertEquals("OfflineRefused", e.error());
        assertTrue(e.message().startsWith("Нет связи"), e.message());
        assertNull(OperationLog.parse("2026-11-28 10:15:00.123 INFO  [main] o.l.i.o.LinkState - reg01 offline"));
    }
}
