package org.lmxbridge.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why a call failed: the bridge status, a name ({@code CardBlocked}, {@code OfflineRefused}, …),
 * the server's own number when processing answered, and a sentence — processing's text verbatim.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorInfo(int status, String name, Integer serverCode, String message) {
}
