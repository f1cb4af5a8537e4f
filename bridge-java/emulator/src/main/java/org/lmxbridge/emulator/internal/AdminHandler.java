package org.lmxbridge.emulator.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/*}: faults (GET/POST), ledger, metrics, reset-metrics. JSON, no auth (loopback only).
 */
final class AdminHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    private final Engine engine;

    AdminHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            if (path.endsWith("/") && path.length() > 1) {
                path = path.substring(0, path.length() - 1);
            }
            String method = ex.getRequestMethod();
            switch (path) {
                case "/admin/faults":
                    if ("GET".equals(method)) {
                        json(ex, 200, engine.faults().toMap());
                    } else if ("POST".equals(method)) {
                        Map<String, Object> changes;
                        try (InputStream in = ex.getRequestBody()) {
                            changes = Json.MAPPER.readValue(in.readNBytes(65536),
                                    new TypeReference<Map<String, Object>>() { });
                        } catch (IOException e) {
                            json(ex, 400, Map.of("error", "body must be a JSON object"));
                            return;
                        }
                        try {
                            engine.faults().apply(changes == null ? Map.of() : changes);
                        } catch (IllegalArgumentException e) {
                            json(ex, 400, Map.of("error", e.getMessage()));
                            return;
                        }
                        LOG.info("faults set to {}", engine.faults());
                        json(ex, 200, engine.faults().toMap());
                    } else {
                        notAllowed(ex, "GET, POST");
                    }
                    return;
                case "/admin/ledger":
                    if (!"GET".equals(method)) {
                        notAllowed(ex, "GET");
                        return;
                    }
                    json(ex, 200, engine.ledger());
                    return;
                case "/admin/metrics":
                    if (!"GET".equals(method)) {
                        notAllowed(ex, "GET");
                        return;
                    }
                    json(ex, 200, engine.metrics());
                    return;
                case "/admin/cards":
                    if (!"POST".equals(method)) {
                        notAllowed(ex, "POST");
                        return;
                    }
                    Map<String, Object> card;
                    try (InputStream in = ex.getRequestBody()) {
                        card = Json.MAPPER.readValue(in.readNBytes(65536), new TypeReference<Map<String, Object>>() { });
                    } catch (IOException e) {
                        json(ex, 400, Map.of("error", "body must be a JSON object"));
                        return;
                    }
                    if (card == null || !(card.get("number") instanceof String) || !(card.get("status") instanceof String)) {
                        json(ex, 400, Map.of("error", "body must be {\"number\": \"…\", \"status\": \"active|notActivated|blocked\"}"));
                        return;
                    }
                    try {
                        if (!engine.setCardStatus((String) card.get("number"), (String) card.get("status"))) {
                            json(ex, 404, Map.of("error", "no such card"));
                            return;
                        }
                    } catch (IllegalArgumentException e) {
                        json(ex, 400, Map.of("error", e.getMessage()));
                        return;
                    }
                    LOG.info("card {} is now {}", Mask.digits((String) card.get("number")), card.get("status"));
                    json(ex, 200, Map.of("number", card.get("number"), "status", card.get("status")));
                    return;
                case "/admin/reset-metrics":
                    if (!"POST".equals(method) && !"GET".equals(method)) {
                        notAllowed(ex, "POST");
                        return;
                    }
                    engine.resetMetrics();
                    json(ex, 200, Map.of("reset", true));
                    return;
                default:
                    json(ex, 404, Map.of("error", "unknown admin endpoint",
                            "endpoints", java.util.List.of("/admin/faults", "/admin/ledger", "/admin/metrics",
                                    "/admin/cards", "/admin/reset-metrics")));
            }
        } catch (Exception e) {
            LOG.error("admin request failed", e);
            try {
                json(ex, 500, Map.of("error", String.valueOf(e.getMessage())));
            } catch (IOException | RuntimeException ignored) {
                // headers already sent
            }
        } finally {
            ex.close();
        }
    }

    private static void notAllowed(HttpExchange ex, String allow) throws IOException {
        ex.getResponseHeaders().set("Allow", allow);
        json(ex, 405, Map.of("error", "method not allowed"));
    }

    private static void json(HttpExchange ex, int status, Object value) throws IOException {
        byte[] b = Json.MAPPER.writeValueAsBytes(value);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }
}
