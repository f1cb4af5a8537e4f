package org.lmxbridge.cli.console;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.lmxbridge.internal.log.OperationLog;

/**
 * The end of the bridge's log file: its last lines (the console's log tail) and the operation lines in
 * it (recent operations). Reads at most {@value #MAX_BYTES} bytes from the end, whatever the file's size.
 */
final class LogTail {
    static final int MAX_BYTES = 1 << 20;

    private LogTail() {
    }

    /** The last {@code n} lines (oldest first); empty when the file is missing. */
    static List<String> lines(Path file, int n) throws IOException {
        if (file == null || !Files.isRegularFile(file)) return List.of();
        byte[] tail;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            int take = (int) Math.min(len, MAX_BYTES);
            tail = new byte[take];
            f.seek(len - take);
            f.readFully(tail);
        }
        String text = new String(tail, StandardCharsets.UTF_8);
        String[] all = text.split("\r?\n");
        int from = Math.max(tail.length == MAX_BYTES ? 1 : 0, all.length - n); // a cut first line is left out
        List<String> out = new ArrayList<>();
        for (int i = from; i < all.length; i++) if (!all[i].isEmpty()) out.add(all[i]);
        return out;
    }

    /** The operation lines among the last lines of the log, newest first, at most {@code limit}. */
    static List<OperationLog.Entry> operations(Path file, int limit) throws IOException {
        List<OperationLog.Entry> out = new ArrayList<>();
        for (String l : lines(file, Integer.MAX_VALUE)) {
            OperationLog.Entry e = OperationLog.parse(l);
            if (e != null) out.add(e);
        }
        Collections.reverse(out);
        return out.size() > limit ? out.subList(0, limit) : out;
    }
}
