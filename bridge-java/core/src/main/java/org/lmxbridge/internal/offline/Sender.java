package org.lmxbridge.internal.offline;

import org.lmxbridge.internal.lane.LaneBusyException;
import org.lmxbridge.internal.protocol.OperationContext;
import org.lmxbridge.internal.protocol.ProtocolException;
import org.lmxbridge.internal.transport.TransportException;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;

/** Sends one operation; implemented by the register (encode, lane, transport, decode). */
public interface Sender {
    /**
     * @param liveGuard when true the request is not sent if the register is known offline by the
     *                  time the lane starts it (a TransportException CONNECT_FAILED, not left)
     */
    OperationResult send(int priority, Command command, OperationRequest request, OperationContext ctx, boolean liveGuard)
            throws TransportException, ProtocolException, LaneBusyException;
}
