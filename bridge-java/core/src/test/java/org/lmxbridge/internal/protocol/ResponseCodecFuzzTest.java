package org.lmxbridge.internal.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.lmxbridge.internal.json.Json;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.OperationResult;

/**
 * Coverage-guided fuzzing (Jazzer) of what processing sends back: any bytes through the XML response
 * codec and the mapping to the caller's result JSON. The only acceptable failure is a
 * {@link ProtocolException} (status 304 with a sentence); any other exception or error is a finding.
 * {@code mvn test} replays the seeds in {@code ResponseCodecFuzzTestInputs/}; {@code JAZZER_FUZZ=1}
 * fuzzes (CI: a short run, see the pom); the long run is in bridge-native/README.md "Fuzzing".
 */
class ResponseCodecFuzzTest {
    private static final ProtocolCodec CODEC = new ProtocolCodec();
    private static final Command[] PROCESSING = {Command.BALANCE, Command.CALCULATE, Command.AVAILABLE_AMOUNT,
        Command.PAY, Command.DISCOUNT, Command.CONFIRM, Command.CANCEL, Command.REFUND};

    @FuzzTest(maxDuration = "20s")
    void response(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /** The standalone Jazzer entry point (the long run). */
    public static void fuzzerTestOneInput(byte[] data) {
        XmlResponseEnvelope env;
        try {
            env = CODEC.decode(data);
        } catch (ProtocolException expected) {
            return;
        }
        for (Command c : PROCESSING) {
            try {
                OperationResult r = ProtocolMapper.toResult(c, env);
                Json.MAPPER.valueToTree(r).toString();
            } catch (ProtocolException expected) {
                // a malformed answer for this command: status 304
            }
        }
    }
}
