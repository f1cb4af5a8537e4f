package org.lmxbridge.internal.owner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.lmxbridge.Bridge;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.Language;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Status;
import org.lmxbridge.internal.diagnose.ConnectionCheck;
import org.lmxbridge.internal.diagnose.Verdict;
import org.lmxbridge.internal.host.HostClient;
import org.lmxbridge.internal.host.TokenFile;
import org.lmxbridge.internal.json.Json;
import org.lmxbridge.internal.log.LogControl;
import org.lmxbridge.internal.offline.QueueReader;
import org.lmxbridge.internal.offline.QueueStore;
import org.lmxbridge.internal.offline.StoreLock;
import org.lmxbridge.internal.register.Registers;
import org.lmxbridge.internal.request.RequestParser;
import org.lmxbridge.internal.text.OperationsTexts;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.OperationResult;

/**
 * A register as another process sees it — {@code loymax-bridge queue|check|call status} and the console —
 * whoever owns it:
 * <ul>
 * <li><b>this process</b> (the host serving its own console, or a command that opened the register
 *     because nobody had it): through a {@link Bridge} of the shared register;</li>
 * <li><b>another process</b> (the register program with the in-process library, the host): through that
 *     owner's channel ({@link OwnerChannel}): its status, queue, check and trace switch; when the owner
 *     does not answer (an older bridge, no access to its token file), the queue is read from the file
 *     ({@link QueueReader}, read-only) and actions that change it are refused with the owner named;</li>
 * <li><b>nobody</b>, when this view may not take the register (the console must never keep the register
 *     program out): read from the file; an action opens the register for that action only.</li>
 * </ul>
 * Results are the commands' JSON. Thread-safe. Internal.
 */
public abstract class LiveRegister implements AutoCloseable {
    protected final BridgeConfig cfg;
    protected final String configText;

    LiveRegister(BridgeConfig cfg, String configText) {
        this.cfg = cfg;
        this.configText = configText;
    }

    /**
     * Attaches to the register of a configuration ({@code jsonOrPath} as given to {@code lmx_open}).
     * @param mayOpen when nobody owns the register, open it here (and own it until {@link #close()});
     *                false: look at the file and open it only for an action
     */
    public static LiveRegister attach(String jsonOrPath, boolean mayOpen) throws BridgeException {
        return attach(jsonOrPath, mayOpen, null);
    }

    /**
     * As {@link #attach(String, boolean)}, speaking {@code language} (the command line's {@code --lang};
     * null: the configuration's): the owner, asked through its channel, opens its session with that
     * language too, so its verdicts and queue texts come back in it.
     */
    public static LiveRegister attach(String jsonOrPath, boolean mayOpen, org.lmxbridge.Language language) throws BridgeException {
        BridgeConfig cfg = BridgeConfig.parse(jsonOrPath, language == null ? org.lmxbridge.Language.DEFAULT : language)
                .withLanguage(language);
        String text = jsonOrPath.strip().startsWith("{") ? jsonOrPath : readText(Path.of(jsonOrPath.strip()));
        if (language != null) text = withLanguage(text, language);
        if (Registers.isOpen(cfg.registerKey())) return new Here(cfg, text, Bridge.open(cfg), true);
        String holder = StoreLock.holder(QueueStore.lockOf(cfg.dataDir(), cfg.register()));
        if (holder != null && !holder.equals(Long.toString(ProcessHandle.current().pid()))) return new Elsewhere(cfg, text, holder);
        if (mayOpen) return new Here(cfg, text, Bridge.open(cfg), false);
        return new Nobody(cfg, text);
    }

    private static String withLanguage(String text, org.lmxbridge.Language language) {
        try {
            JsonNode n = Json.parse(text);
            if (!(n instanceof ObjectNode o)) return text;
            o.put("language", language.code());
            return o.toString();
        } catch (IOException | RuntimeException e) {
            return text; // parse above has read it: cannot happen, and the owner would refuse it with its own sentence
        }
    }

    private static String readText(Path p) throws BridgeException {
        try {
            String t = Files.readString(p, StandardCharsets.UTF_8);
            return t.startsWith("\uFEFF") ? t.substring(1) : t;
        } catch (IOException e) {
            throw org.lmxbridge.internal.text.Msg.of("ops.config.unreadable", p, e.getMessage()).error(Status.CONFIG_INVALID);
        }
    }

    public BridgeConfig config() {
        return cfg;
    }

    /** The language of this view's own sentences: the call's on this thread, else the configuration's. */
    Language lang() {
        return org.lmxbridge.internal.text.CallLanguage.or(cfg.language());
    }

    /** The configuration's JSON text as given (it holds the password: show it only with secrets hidden). */
    public String configText() {
        return configText;
    }

    /** The {@code status} command's JSON, with {@code owner}. */
    public abstract ObjectNode status();

    /** The {@code queue} command's JSON ({@code {"action":"list"|"retry"|"discard"|"flush","id":…,"reason":…}}). */
    public abstract ObjectNode queue(ObjectNode request);

    /** The {@code check} command's JSON: {@code checks} with each step's verdict. */
    public abstract ObjectNode check();

    /** The exchange trace of the owner: switched when {@code on} is not null; {@code {"trace":…,"switchable":…}}. */
    public abstract ObjectNode trace(Boolean on);

    /** The owner's log file (its tail and recent operations), or null when it cannot be known. */
    public abstract Path logFile();

    /** Who owns the register: {@code {"pid":…,"program":…,"here":…,"reachable":…}}; null when nobody does. */
    public abstract Map<String, Object> owner();

    /** True when actions (retry, discard, flush) can be done. */
    public abstract boolean canChange();

    @Override
    public void close() {
    }

    static ObjectNode json(OperationResult r) {
        return (ObjectNode) Json.MAPPER.valueToTree(r);
    }

    static ObjectNode failure(int status, String text) {
        return json(OperationResult.failure(status, Status.errorName(status), null, text));
    }

    static Path ownLogFile(BridgeConfig cfg) {
        Path f = LogControl.logFile();
        return f != null ? f : cfg.dataDir().resolve("logs").resolve("loymax-bridge.log");
    }

    static ObjectNode traceState() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("trace", LogControl.exchangeTraceOn());
        n.put("switchable", LogControl.switchable());
        return n;
    }

    /** Runs a queue request on a session of this process. */
    static ObjectNode queueOn(Bridge b, ObjectNode request) {
        try {
            return json(b.execute(Command.QUEUE, RequestParser.parse(request)));
        } catch (BridgeException e) {
            return failure(e.status(), e.message(org.lmxbridge.internal.text.CallLanguage.or(b.language())));
        }
    }

    // ---------------------------------------------------------------------------------------------
    /** The register is open in this process. */
    static final class Here extends LiveRegister {
        private final Bridge bridge;
        private final boolean shared;

        Here(BridgeConfig cfg, String text, Bridge bridge, boolean shared) {
            super(cfg, text);
            this.bridge = bridge;
            this.shared = shared;
        }

        @Override
        public ObjectNode status() {
            ObjectNode n = json(bridge.status());
            n.set("owner", Json.MAPPER.valueToTree(owner()));
            return n;
        }

        @Override
        public ObjectNode queue(ObjectNode request) {
            return queueOn(bridge, request);
        }

        @Override
        public ObjectNode check() {
            return json(bridge.check());
        }

        @Override
        public ObjectNode trace(Boolean on) {
            if (on != null) LogControl.exchangeTrace(on);
            return traceState();
        }

        @Override
        public Path logFile() {
            return ownLogFile(cfg);
        }

        @Override
        public Map<String, Object> owner() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", ProcessHandle.current().pid());
            m.put("program", OwnerProcess.describe());
            m.put("here", true);
            m.put("reachable", true);
            m.put("sharedWithThisProcess", shared);
            return m;
        }

        @Override
        public boolean canChange() {
            return true;
        }

        @Override
        public void close() {
            bridge.close();
        }
    }

    // ---------------------------------------------------------------------------------------------
    /** Another process owns the register: its channel, else the file read-only. */
    static final class Elsewhere extends LiveRegister {
        private final String holderPid;
        private HostClient client;
        private long handle;
        private String silentWhy;
        private OwnerFile ownerFile;
        private String ownerLog;

        Elsewhere(BridgeConfig cfg, String text, String holderPid) {
            super(cfg, text);
            this.holderPid = holderPid;
        }

        /** Connects (again) when needed; false with {@link #silentWhy} when the owner cannot be reached. */
        private synchronized boolean connected() {
            if (client != null) return true;
            ownerFile = OwnerFile.read(OwnerFile.of(cfg.dataDir(), cfg.register()));
            if (ownerFile == null || !Long.toString(ownerFile.pid()).equals(holderPid)) {
                silentWhy = org.lmxbridge.internal.text.Msg.of("ops.silent.noOwnerFile", holderPid).in(lang());
                return false;
            }
            HostClient c = null;
            try {
                String token = TokenFile.loadOrCreate(cfg.tokenFile()).token();
                c = new HostClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), ownerFile.port()), 150_000);
                JsonNode h = c.hello(token, "loymax-bridge " + OwnerProcess.describe() + " pid " + ProcessHandle.current().pid());
                if (!h.path("ok").asBoolean(false)) {
                    throw new IOException(h.path("hostProofWrong").asBoolean(false)
                            ? org.lmxbridge.internal.text.Msg.of("ops.silent.noProof", ownerFile.port()).in(lang())
                            : org.lmxbridge.internal.text.Msg.of("ops.silent.helloRefused", h.path("error").asText()).in(lang()));
                }
                ObjectNode q = c.request("open");
                q.put("config", configText);
                JsonNode o = c.call(q);
                if (o.path("status").asInt(-1) != Status.OK) {
                    throw new IOException(o.path("text").asText(org.lmxbridge.internal.text.Msg.of("ops.silent.openRefused").in(lang())));
                }
                handle = o.path("handle").asLong();
                JsonNode info = c.call(c.request("info"));
                ownerLog = info.path("logFile").asText(null);
                client = c;
                silentWhy = null;
                return true;
            } catch (IOException | RuntimeException e) {
                if (c != null) c.close();
                // the token file's own sentence (a catalogue one) in this view's language; the JDK's as it is
                silentWhy = org.lmxbridge.internal.text.Msg.text(e, lang());
                return false;
            }
        }

        /** Runs a command on the owner; null when the owner cannot be reached (then {@link #silentWhy}). */
        private synchronized ObjectNode run(String command, String request) {
            for (int attempt = 0; attempt < 2; attempt++) {
                if (!connected()) return null;
                try {
                    JsonNode e = client.execute(handle, command, request);
                    JsonNode v = client.result(handle, null);
                    String value = v.path("value").asText(null);
                    if (value == null) return failure(e.path("status").asInt(Status.INTERNAL), e.path("text").asText(""));
                    return (ObjectNode) Json.parse(value);
                } catch (IOException | RuntimeException ex) {
                    drop(ex);
                }
            }
            return null;
        }

        private void drop(Exception ex) {
            if (client != null) client.close();
            client = null;
            silentWhy = ex.getMessage();
        }

        private String ownerName() {
            OwnerFile f = ownerFile != null ? ownerFile : OwnerFile.read(OwnerFile.of(cfg.dataDir(), cfg.register()));
            if (f != null && Long.toString(f.pid()).equals(holderPid)) return OperationsTexts.owner(f.program(), f.pid());
            return OperationsTexts.ownerUnknown(holderPid);
        }

        private ObjectNode readOnly() {
            try {
                ObjectNode n = json(QueueReader.list(cfg.dataDir(), cfg.register(), 1000));
                List<String> w = new ArrayList<>();
                w.add(OperationsTexts.readOnlyView(ownerName()));
                n.set("warnings", Json.MAPPER.valueToTree(w));
                n.set("owner", Json.MAPPER.valueToTree(owner()));
                return n;
            } catch (BridgeException e) {
                return failure(e.status(), e.message(org.lmxbridge.internal.text.CallLanguage.or(cfg.language())));
            }
        }

        @Override
        public ObjectNode status() {
            ObjectNode n = run("status", null);
            if (n == null) {
                n = readOnly();
                n.put("command", "status");
                n.remove("items");
            } else {
                n.set("owner", Json.MAPPER.valueToTree(owner()));
            }
            return n;
        }

        @Override
        public ObjectNode queue(ObjectNode request) {
            String action = request.path("action").asText("list");
            ObjectNode n = run("queue", request.toString());
            if (n != null) {
                n.set("owner", Json.MAPPER.valueToTree(owner()));
                return n;
            }
            if ("list".equals(action)) return readOnly();
            ObjectNode f = failure(Status.STORAGE_FAILED, OperationsTexts.refusedOwnerSilent(cfg.register(), action, ownerName(),
                    silentWhy));
            f.put("command", "queue");
            f.set("owner", Json.MAPPER.valueToTree(owner()));
            return f;
        }

        @Override
        public ObjectNode check() {
            ObjectNode n = run("check", null);
            if (n != null) {
                // the owner's own verdicts; the queue's step says which process ran them
                JsonNode checks = n.path("checks");
                for (JsonNode v : checks) {
                    if ("queue".equals(v.path("step").asText())) {
                        ((ObjectNode) v).put("text", OperationsTexts.queueCheckedByOwner(ownerName()) + "; " + v.path("text").asText());
                    }
                }
                return n;
            }
            int waiting = 0;
            try {
                waiting = json(QueueReader.list(cfg.dataDir(), cfg.register(), 0)).path("queueLength").asInt();
            } catch (BridgeException ignored) {
                // the count is only informative
            }
            ConnectionCheck c = new ConnectionCheck(org.lmxbridge.internal.text.CallLanguage.or(cfg.language())).configuration(cfg).dataFolder(cfg.dataDir())
                    .add(Verdict.ok("queue", OperationsTexts.queueOwnedBy(ownerName(), waiting)));
            return json(c.network(cfg).probeDirect(cfg).report().toResult());
        }

        @Override
        public synchronized ObjectNode trace(Boolean on) {
            for (int attempt = 0; attempt < 2; attempt++) {
                if (!connected()) break;
                try {
                    ObjectNode q = client.request("trace");
                    if (on != null) q.put("on", on);
                    JsonNode r = client.call(q);
                    ObjectNode n = Json.MAPPER.createObjectNode();
                    n.put("trace", r.path("trace").asBoolean());
                    n.put("switchable", r.path("switchable").asBoolean());
                    return n;
                } catch (IOException | RuntimeException e) {
                    drop(e);
                }
            }
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.putNull("trace");
            n.put("switchable", false);
            n.put("why", silentWhy);
            return n;
        }

        @Override
        public synchronized Path logFile() {
            connected();
            return ownerLog != null ? Path.of(ownerLog) : cfg.dataDir().resolve("logs").resolve("loymax-bridge.log");
        }

        @Override
        public synchronized Map<String, Object> owner() {
            Map<String, Object> m = new LinkedHashMap<>();
            OwnerFile f = ownerFile != null ? ownerFile : OwnerFile.read(OwnerFile.of(cfg.dataDir(), cfg.register()));
            m.put("pid", holderPid);
            if (f != null && Long.toString(f.pid()).equals(holderPid)) {
                m.put("program", f.program());
                m.put("since", f.since());
            }
            m.put("here", false);
            m.put("reachable", client != null);
            if (client == null && silentWhy != null) m.put("why", silentWhy);
            return m;
        }

        @Override
        public synchronized boolean canChange() {
            return connected();
        }

        @Override
        public synchronized void close() {
            if (client != null) client.close();
            client = null;
        }
    }

    // ---------------------------------------------------------------------------------------------
    /** Nobody owns the register and this view may not keep it: the file, and the register opened per action. */
    static final class Nobody extends LiveRegister {
        Nobody(BridgeConfig cfg, String text) {
            super(cfg, text);
        }

        private ObjectNode withRegister(Function<Bridge, ObjectNode> action) {
            try (Bridge b = Bridge.open(cfg)) {
                return action.apply(b);
            } catch (BridgeException e) {
                return failure(e.status(), e.message(org.lmxbridge.internal.text.CallLanguage.or(cfg.language())));
            }
        }

        private ObjectNode file() {
            try {
                return json(QueueReader.list(cfg.dataDir(), cfg.register(), 1000));
            } catch (BridgeException e) {
                return failure(e.status(), e.message(org.lmxbridge.internal.text.CallLanguage.or(cfg.language())));
            }
        }

        @Override
        public ObjectNode status() {
            ObjectNode n = file();
            n.put("command", "status");
            n.remove("items");
            return n;
        }

        @Override
        public ObjectNode queue(ObjectNode request) {
            if ("list".equals(request.path("action").asText("list"))) return file();
            return withRegister(b -> queueOn(b, request));
        }

        @Override
        public ObjectNode check() {
            return withRegister(b -> json(b.check()));
        }

        @Override
        public ObjectNode trace(Boolean on) {
            // no process exchanges anything for this register now: there is nothing to trace
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.putNull("trace");
            n.put("switchable", false);
            return n;
        }

        @Override
        public Path logFile() {
            return cfg.dataDir().resolve("logs").resolve("loymax-bridge.log");
        }

        @Override
        public Map<String, Object> owner() {
            return null;
        }

        @Override
        public boolean canChange() {
            return true;
        }
    }
}
