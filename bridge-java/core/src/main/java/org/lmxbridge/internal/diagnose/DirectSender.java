package org.lmxbridge.internal.diagnose;

import org.lmxbridge.BridgeConfig;
import org.lmxbridge.internal.offline.Sender;
import org.lmxbridge.internal.protocol.OperationContext;
import org.lmxbridge.internal.protocol.ProtocolCodec;
import org.lmxbridge.internal.protocol.ProtocolException;
import org.lmxbridge.internal.protocol.ProtocolMapper;
import org.lmxbridge.internal.protocol.XmlRequestEnvelope;
import org.lmxbridge.internal.transport.HttpTransport;
import org.lmxbridge.internal.transport.TransportException;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;

/**
 * Sends one request straight through a transport of its own, without the register's lane or queue:
 * the connection check of a register that no process has open (or whose owner does not answer).
 */
final class DirectSender implements Sender {
    private final BridgeConfig cfg;
    private final HttpTransport transport;
    private final org.lmxbridge.Language language;

    DirectSender(BridgeConfig cfg, HttpTransport transport, org.lmxbridge.Language language) {
        this.cfg = cfg;
        this.transport = transport;
        this.language = language;
    }

    @Override
    public OperationResult send(int priority, Command command, OperationRequest request, OperationContext ctx, boolean liveGuard)
            throws TransportException, ProtocolException {
        ProtocolCodec codec = new ProtocolCodec();
        byte[] body = codec.encode(XmlRequestEnvelope.of(ProtocolMapper.toXml(command, request, ctx)), cfg.charset());
        return ProtocolMapper.toResult(command, codec.decode(transport.post(body)), language);
    }
}
