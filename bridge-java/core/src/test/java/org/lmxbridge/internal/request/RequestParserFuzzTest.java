package org.lmxbridge.internal.request;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.lmxbridge.BridgeException;
import org.lmxbridge.internal.json.Json;
import org.lmxbridge.internal.protocol.OperationContext;
import org.lmxbridge.internal.protocol.ProtocolCodec;
import org.lmxbridge.internal.protocol.ProtocolException;
import org.lmxbridge.internal.protocol.ProtocolMapper;
import org.lmxbridge.internal.protocol.XmlRequestEnvelope;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.OperationRequest;

/**
 * Coverage-guided fuzzing (Jazzer) of what a register program sends: any text through the JSON
 * parser, {@link RequestParser} and {@link RequestValidator} for every processing command. Refusals
 * are {@link IOException} (401) and {@link BridgeException} (4xx); a request they accept must become
 * protocol XML that parses back ({@code ProtocolCodec.decodeRequest}) — issue 11: U+FFFE and control
 * characters were accepted and then rejected by processing. Any other exception is a finding.
 */
class RequestParserFuzzTest {
    private static final ProtocolCodec CODEC = new ProtocolCodec();
    private static final OperationContext CTX = new OperationContext("0f1e2d3c4b5a69788796a5b4c3d2e1f0",
            OffsetDateTime.of(2026, 11, 28, 10, 15, 0, 0, ZoneOffset.ofHours(3)), "reg01", "R1");
    private static final Command[] PROCESSING = {Command.BALANCE, Command.CALCULATE, Command.AVAILABLE_AMOUNT,
        Command.PAY, Command.DISCOUNT, Command.CONFIRM, Command.CANCEL, Command.REFUND};

    @FuzzTest(maxDuration = "20s")
    void request(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /** The standalone Jazzer entry point (the long run). */
    public static void fuzzerTestOneInput(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        JsonNode root;
        OperationRequest r;
        try {
            root = Json.parse(text);
            r = RequestParser.parse(root);
        } catch (IOException | BridgeException refused) {
            return;
        }
        for (Command c : PROCESSING) {
            try {
                RequestValidator.validate(c, r);
            } catch (BridgeException refused) {
                continue;
            }
            byte[] xml = CODEC.encode(XmlRequestEnvelope.of(ProtocolMapper.toXml(c, r, CTX)), StandardCharsets.UTF_8);
            try {
                CODEC.decodeRequest(xml);
            } catch (ProtocolException e) {
                throw new IllegalStateException(c + ": an accepted request made XML that does not parse: " + e.getMessage(), e);
            }
        }
    }
}
