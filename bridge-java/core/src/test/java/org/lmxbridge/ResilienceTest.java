package org.lmxbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.OperationResult;
import org.lmxbridge.spi.RequestSigner;
import org.lmxbridge.testing.StubProcessing;

/** An OutOfMemoryError or StackOverflowError inside a command fails that call only. */
class ResilienceTest {
    /** Fails the first call with a real stack overflow, the second with an OOM, then works. */
    public static final class FailingSigner implements RequestSigner {
        static final AtomicInteger CALLS = new AtomicInteger();

        @Override
        public Map<String, String> sign(byte[] body) {
            int n = CALLS.incrementAndGet();
            if (n == 1) return recurse(1);
            if (n == 2) {
                long[][] hog = new long[Integer.MAX_VALUE / 2][];
                for (int i = 0; i < hog.length; i++) hog[i] = new long[1 << 20];
            }
            return Map.of("X-Test-Signature", "ok");
        }

        private Map<String, String> recurse(int depth) {
            return depth < 0 ? Map.of() : recurse(depth + 1);
        }
    }

    @Test
    void errorsBecomeAStatusAndTheNextCallWorks() throws Exception {
        try (StubProcessing srv = new StubProcessing();
             Bridge b = Bridge.open("{\"url\":\"" + srv.url("p1", "r1") + "\",\"login\":\"r1\",\"password\":\"x\",\"dataDir\":\"" + StubProcessing.tempDataDir() + "\",\"signer\":\""
                     + FailingSigner.class.getName() + "\"}")) {
            OperationResult first = b.balance(Identifier.of("8690003"));
            assertEquals(Status.RESOURCE_EXHAUSTED, first.status(), String.valueOf(first.error()));
            assertTrue(first.error().message().contains("стека"), first.error().message());
            OperationResult second = b.balance(Identifier.of("8690003"));
            assertEquals(Status.RESOURCE_EXHAUSTED, second.status(), String.valueOf(second.error()));
            assertTrue(second.error().message().contains("памяти"), second.error().message());
            assertTrue(b.balance(Identifier.of("8690003")).ok());
            assertEquals(1, srv.requests());
        }
    }
}
