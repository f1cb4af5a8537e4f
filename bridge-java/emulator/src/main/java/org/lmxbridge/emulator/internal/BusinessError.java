package org.lmxbridge.emulator.internal;

import org.lmxbridge.protocol.ServerError;

/** An element-level error answer: {@code <XResponse ErrorCode="n" ErrorMessage="…"/>}; nothing is applied. */
final class BusinessError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ServerError error;

    BusinessError(ServerError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    ServerError error() {
        return error;
    }
}
