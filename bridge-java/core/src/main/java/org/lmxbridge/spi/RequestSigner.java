package org.lmxbridge.spi;

import java.util.Map;

/**
 * Hook for the register-type setting {@code RequestAuthType = Signature}. How Loymax carries the
 * signature was not found in any capture, so the bridge only offers this hook (off by default):
 * an implementation receives the exact request body and returns HTTP headers to add.
 */
public interface RequestSigner {
    /** Headers to add to the request carrying {@code body}; never null. */
    Map<String, String> sign(byte[] body) throws Exception;
}
