package org.lmxbridge.internal.json;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Status;
import org.lmxbridge.internal.text.Msg;

/**
 * The parameter bag addressed by JSON Pointer (RFC 6901), for callers without a JSON library:
 * {@code set("/cheque/lines/0/goodsId", "1001")}. Missing objects and arrays on the way are
 * created (an all-digit token makes an array); indexes are explicit, so a line's fields can be set
 * in any order; {@code -} appends. Values are kept as strings; the request parser reads numbers
 * from them.
 */
public final class ParamBag {
    /** Highest array index accepted, so a typo cannot allocate millions of elements. */
    static final int MAX_INDEX = 9999;
    /** Longest value accepted: no field of a request needs more, and the JVM's heap is small. */
    static final int MAX_VALUE_CHARS = 10_000;

    private ObjectNode root = JsonNodeFactory.instance.objectNode();

    public void reset() {
        root = JsonNodeFactory.instance.objectNode();
    }

    public ObjectNode snapshot() {
        return root.deepCopy();
    }

    public boolean has(String pointer) {
        return !root.at(pointer).isMissingNode();
    }

    public void set(String pointer, String value) throws BridgeException {
        if (value != null && value.length() > MAX_VALUE_CHARS) {
            throw Msg.of("param.value.tooLong", MAX_VALUE_CHARS).error(Status.INVALID_REQUEST);
        }
        if (pointer == null || pointer.isEmpty() || !pointer.startsWith("/")) {
            throw Msg.of("param.name.notPointer", pointer == null ? "NULL" : "\"" + pointer + "\"").error(Status.BAD_ARGUMENT);
        }
        JsonPointer ptr;
        try {
            ptr = JsonPointer.compile(pointer);
        } catch (IllegalArgumentException e) {
            throw Msg.of("param.name.invalid", pointer, e.getMessage()).error(Status.BAD_ARGUMENT);
        }
        int depth = 0;
        for (JsonPointer q = ptr; !q.matches(); q = q.tail()) {
            if (++depth > Json.MAX_DEPTH) {
                throw Msg.of("param.name.tooDeep", Json.MAX_DEPTH).error(Status.INVALID_REQUEST);
            }
        }
        JsonNode node = root;
        JsonPointer p = ptr;
        StringBuilder walked = new StringBuilder();
        while (!p.tail().matches()) {
            String token = p.getMatchingProperty();
            JsonPointer next = p.tail();
            boolean nextIsArray = isIndex(next.getMatchingProperty());
            JsonNode child = childOf(node, token, walked);
            if (child == null || child.isNull()) {
                child = nextIsArray ? JsonNodeFactory.instance.arrayNode() : JsonNodeFactory.instance.objectNode();
                put(node, token, child, walked);
            } else if (!child.isContainerNode()) {
                throw Msg.of("param.name.belowValue", walked + "/" + token, pointer).error(Status.BAD_ARGUMENT);
            }
            walked.append('/').append(token);
            node = child;
            p = next;
        }
        put(node, p.getMatchingProperty(), value == null ? JsonNodeFactory.instance.nullNode()
                : JsonNodeFactory.instance.textNode(value), walked);
    }

    private static boolean isIndex(String token) {
        return token != null && (token.equals("-") || token.matches("\\d{1,9}"));
    }

    private static JsonNode childOf(JsonNode node, String token, StringBuilder walked) throws BridgeException {
        if (node.isObject()) return node.get(token);
        int i = index(token, walked);
        ArrayNode a = (ArrayNode) node;
        return i < 0 || i >= a.size() ? null : a.get(i);
    }

    private static void put(JsonNode node, String token, JsonNode value, StringBuilder walked) throws BridgeException {
        if (node.isObject()) {
            ((ObjectNode) node).set(token, value);
            return;
        }
        ArrayNode a = (ArrayNode) node;
        int i = index(token, walked);
        if (i < 0) {
            a.add(value);
            return;
        }
        while (a.size() <= i) a.addNull();
        a.set(i, value);
    }

    private static int index(String token, StringBuilder walked) throws BridgeException {
        if (token.equals("-")) return -1;
        if (!token.matches("\\d{1,9}")) {
            throw Msg.of("param.name.notIndex", walked.toString(), token).error(Status.BAD_ARGUMENT);
        }
        int i = Integer.parseInt(token);
        if (i > MAX_INDEX) {
            throw Msg.of("param.name.indexTooHigh", walked + "/" + token, MAX_INDEX).error(Status.BAD_ARGUMENT);
        }
        return i;
    }
}
