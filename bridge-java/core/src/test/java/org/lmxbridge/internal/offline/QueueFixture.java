package org.lmxbridge.internal.offline;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.lmxbridge.model.Command;

/**
 * A real offline queue file for the installer's upgrade test ({@code installer/test/wine-msi-test.sh}):
 * written by {@link QueueStore} itself, with one item in every state, then read back by it.
 *
 * <pre>
 *   java -cp dist/loymax-bridge.jar:bridge-java/core/target/test-classes \
 *        org.lmxbridge.internal.offline.QueueFixture [create] FILE REGISTER   # writes FILE (queue-REGISTER.db)
 *   … QueueFixture verify FILE REGISTER                                        # opens it in place, lists, checks
 * </pre>
 * {@code create} builds the queue in a scratch folder and copies only the closed database file
 * (no WAL, no lock file) to FILE. {@code verify} needs FILE to be named {@code queue-REGISTER.db}
 * (the bridge's name) and opens it where it is, as the bridge does; it prints one line per item
 * ({@code ITEM id state command purchase attempts}) and {@code QUEUE OK …}, or {@code QUEUE FAIL …}
 * with exit status 1.
 */
public final class QueueFixture {
    private QueueFixture() {
    }

    /** One item per state, in the order they are enqueued (ids 1..7). */
    record Expected(String purchaseId, Command command, ItemState state, int attempts, String lastError, OperationState journalState,
                    Origin origin, String amount) {
    }

    static final List<Expected> EXPECTED = List.of(
        new Expected("FIX-QUEUED", Command.DISCOUNT, ItemState.QUEUED, 0, null, OperationState.QUEUED, Origin.OFFLINE, "179.80"),
        new Expected("FIX-SENT", Command.DISCOUNT, ItemState.SENT, 0, null, OperationState.QUEUED, Origin.AMBIGUOUS, "45.50"),
        new Expected("FIX-DONE", Command.DISCOUNT, ItemState.DONE, 1, null, OperationState.DONE, Origin.OFFLINE, "179.80"),
        new Expected("FIX-RETRY", Command.DISCOUNT, ItemState.RETRY, 2, "HTTP 500", OperationState.QUEUED, Origin.OFFLINE, "0.01"),
        new Expected("FIX-DEAD", Command.DISCOUNT, ItemState.DEAD, 3, "CardBlocked", OperationState.FAILED, Origin.OFFLINE, "1000000.00"),
        new Expected("FIX-QUEUED", Command.CONFIRM, ItemState.NEUTRALISED, 0, null, OperationState.FAILED, Origin.OFFLINE, "0"),
        new Expected("FIX-DISCARDED", Command.REFUND, ItemState.DISCARDED, 1, "PurchaseNotFound", OperationState.FAILED,
                Origin.OFFLINE, "12.34"));

    static final String DISCARD_REASON = "installer test: discarded by a person";

    static String operationId(int i) {
        return String.format("%032x", 0xF1C0000L + i);
    }

    static String request(Expected e) {
        return "{\"purchaseId\":\"" + e.purchaseId() + "\",\"identifier\":{\"type\":\"cardNumber\",\"value\":\"8690003\"},"
                + "\"cheque\":{\"number\":\"" + e.purchaseId() + "\",\"date\":\"2026-11-28T10:15:00\",\"lines\":[{\"pos\":1,"
                + "\"goodsId\":\"1001\",\"price\":\"" + e.amount() + "\",\"quantity\":\"1\",\"amount\":\"" + e.amount() + "\"}]}}";
    }

    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(List.of(args));
        String mode = !a.isEmpty() && (a.get(0).equals("create") || a.get(0).equals("verify")) ? a.remove(0) : "create";
        if (a.size() != 2) {
            System.err.println("usage: QueueFixture [create|verify] FILE REGISTER");
            System.exit(2);
        }
        Path file = Path.of(a.get(0)).toAbsolutePath();
        String register = a.get(1);
        int rc = mode.equals("create") ? create(file, register) : verify(file, register);
        System.exit(rc);
    }

    static int create(Path file, String register) throws Exception {
        Path tmp = Files.createTempDirectory("lmx-queue-fixture");
        try {
            try (QueueStore s = QueueStore.open(tmp, register)) {
                List<QueueItem> items = new ArrayList<>();
                for (int i = 0; i < EXPECTED.size(); i++) {
                    Expected e = EXPECTED.get(i);
                    items.add(s.enqueue(new QueueStore.NewItem(e.purchaseId(), e.command(), operationId(i + 1),
                            "2026-11-28T10:15:0" + i + ".123+03:00", "2026-11-28T10:15:00", request(e), new BigDecimal(e.amount()),
                            e.origin(), e.command() == Command.REFUND ? "FIX-DONE" : null, null)));
                }
                long later = System.currentTimeMillis() + 3_600_000L;
                // queued: as enqueued.  sent: the request left, no answer yet.
                s.update(items.get(1).id(), ItemState.SENT, 0, null, null, 0);
                // done: sent, answered.
                s.update(items.get(2).id(), ItemState.SENT, 0, null, null, 0);
                s.finish(s.item(items.get(2).id()), ItemState.DONE, 1, null, "{\"purchaseId\":\"FIX-DONE\",\"bonusAmount\":\"1.80\"}");
                // retry: two failed attempts, next one in an hour.
                s.update(items.get(3).id(), ItemState.SENT, 0, null, null, 0);
                s.update(items.get(3).id(), ItemState.RETRY, 1, "HTTP 502", null, later);
                s.update(items.get(3).id(), ItemState.RETRY, 1, "HTTP 500", null, later);
                // dead: retried, then refused by the processing.
                s.update(items.get(4).id(), ItemState.RETRY, 2, "HTTP 500", null, later);
                s.finish(s.item(items.get(4).id()), ItemState.DEAD, 1, "CardBlocked", "{\"error\":{\"status\":\"205\"}}");
                // neutralised: the purchase was cancelled before its confirm was forwarded.
                s.finish(s.item(items.get(5).id()), ItemState.NEUTRALISED, 0, null, null);
                // discarded: dead first, then given up by a person with a reason.
                s.finish(s.item(items.get(6).id()), ItemState.DEAD, 1, "PurchaseNotFound", null);
                s.finish(s.item(items.get(6).id()), ItemState.DISCARDED, 0, null, null);
                s.audit(items.get(6).id(), "discard", DISCARD_REASON);
            }
            Path db = QueueStore.fileOf(tmp, register);
            for (String side : new String[] {"-wal", "-shm"}) {
                Path p = db.resolveSibling(db.getFileName() + side);
                if (Files.exists(p) && Files.size(p) > 0 && side.equals("-wal")) {
                    System.out.println("QUEUE FAIL: the store left a non-empty " + p.getFileName() + " after close");
                    return 1;
                }
            }
            Files.createDirectories(file.getParent());
            Files.copy(db, file, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("QUEUE CREATED " + file + " (" + Files.size(file) + " bytes, " + EXPECTED.size()
                    + " items: " + states() + ")");
            return 0;
        } finally {
            try (Stream<Path> w = Files.walk(tmp)) {
                for (Path p : w.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    static String states() {
        return String.join(",", EXPECTED.stream().map(e -> e.state().dbName()).toList());
    }

    static int verify(Path file, String register) throws Exception {
        if (!file.equals(QueueStore.fileOf(file.getParent(), register))) {
            System.out.println("QUEUE FAIL: " + file + " is not named queue-" + register + ".db");
            return 1;
        }
        if (!Files.isRegularFile(file)) {
            System.out.println("QUEUE FAIL: " + file + " does not exist");
            return 1;
        }
        List<String> bad = new ArrayList<>();
        try (QueueStore s = QueueStore.open(file.getParent(), register)) {
            List<QueueItem> all = s.all();
            for (QueueItem it : all) {
                System.out.println("ITEM " + it.id() + " " + it.state() + " " + it.command().jsonName() + " " + it.purchaseId()
                        + " attempts=" + it.attempts() + (it.lastError() == null ? "" : " lastError=" + it.lastError()));
            }
            if (all.size() != EXPECTED.size()) bad.add(all.size() + " items, want " + EXPECTED.size());
            for (int i = 0; i < Math.min(all.size(), EXPECTED.size()); i++) {
                QueueItem it = all.get(i);
                Expected e = EXPECTED.get(i);
                String got = it.id() + "|" + it.purchaseId() + "|" + it.command() + "|" + it.state() + "|" + it.attempts() + "|"
                        + it.lastError() + "|" + it.operationId() + "|" + it.origin() + "|" + it.amount().toPlainString();
                String want = (i + 1) + "|" + e.purchaseId() + "|" + e.command() + "|" + e.state() + "|" + e.attempts() + "|"
                        + e.lastError() + "|" + operationId(i + 1) + "|" + e.origin() + "|" + e.amount();
                if (!got.equals(want)) bad.add("item " + (i + 1) + ": " + got + ", want " + want);
                if (!Objects.equals(it.requestJson(), request(e))) bad.add("item " + (i + 1) + ": request JSON changed");
                JournalEntry j = s.journal(e.purchaseId(), e.command());
                if (j == null || !e.journalState().equals(j.state()) || !Objects.equals(j.queueId(), it.id())) {
                    bad.add("journal " + e.purchaseId() + "/" + e.command() + ": " + j + ", want state " + e.journalState());
                }
            }
            QueueStore.Stats st = s.stats();
            if (st.open() != 3 || st.dead() != 1 || st.openAmount().compareTo(new BigDecimal("225.31")) != 0) {
                bad.add("figures " + st + ", want 3 open (225.31), 1 dead");
            }
            if (s.listOpenAndDead(100).size() != 4) bad.add("queue list shows " + s.listOpenAndDead(100).size() + " items, want 4");
            QueueItem head = s.head();
            if (head == null || head.id() != 1) bad.add("FIFO head " + (head == null ? "none" : head.id()) + ", want 1");
        }
        if (!bad.isEmpty()) {
            System.out.println("QUEUE FAIL: " + String.join("; ", bad));
            return 1;
        }
        System.out.println("QUEUE OK " + EXPECTED.size() + " items in every state (" + states() + "), journal and figures intact");
        return 0;
    }
}
