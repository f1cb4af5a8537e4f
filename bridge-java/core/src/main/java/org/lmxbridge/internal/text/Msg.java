package org.lmxbridge.internal.text;

import java.io.IOException;
import java.util.Arrays;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Language;

/**
 * One sentence of the message catalogue with its arguments, rendered in a language only when it is
 * shown: code deep in the core (the request parser, the parameter bag) says what went wrong without
 * knowing who reads it; the session that hands the text out knows the reader's language
 * ({@link BridgeException#message(Language)}). An argument that is itself a {@code Msg} is rendered
 * in the same language. Every key is in both catalogues ({@code MessageCatalogueTest}). Internal.
 */
public final class Msg {
    private final String key;
    private final Object[] args;

    private Msg(String key, Object[] args) {
        this.key = key;
        this.args = args;
    }

    /** The sentence {@code key} of {@code messages_*.properties}; {@code {0}}, {@code {1}} … take the arguments. */
    public static Msg of(String key, Object... args) {
        return new Msg(key, args == null ? new Object[0] : args.clone());
    }

    public String key() {
        return key;
    }

    /** The sentence in {@code language}. */
    public String in(Language language) {
        Object[] a = args;
        for (int i = 0; i < a.length; i++) {
            if (a[i] instanceof Msg m) {
                if (a == args) a = args.clone();
                a[i] = m.in(language);
            }
        }
        return Catalogue.format(language, key, a);
    }

    /** A failure with this sentence: rendered in the reader's language by whoever hands it out. */
    public BridgeException error(int status) {
        return new CatalogueException(status, this, null);
    }

    public BridgeException error(int status, Throwable cause) {
        return new CatalogueException(status, this, cause);
    }

    /**
     * A failure of file or socket work with this sentence, for code whose callers catch {@link IOException}
     * (the token file): its {@code getMessage()} is the default language's; {@link #text(Throwable, Language)}
     * renders it in the reader's.
     */
    public IOException ioError() {
        return new CatalogueIOException(this);
    }

    /**
     * The text of a failure for a reader of {@code language}: a catalogue sentence ({@link #error},
     * {@link #ioError}) in that language; any other exception's own message as it is (the JDK's, which
     * the bridge does not translate), or its class's simple name when it has none.
     */
    public static String text(Throwable e, Language language) {
        if (e instanceof BridgeException b) return b.message(language);
        if (e instanceof CatalogueIOException c) return c.msg.in(language);
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * As {@link #text(Throwable, Language)} for a log line: any other exception with its class
     * ({@code AccessDeniedException: /path} says more than {@code /path}).
     */
    public static String forLog(Throwable e, Language language) {
        return e instanceof BridgeException || e instanceof CatalogueIOException ? text(e, language) : e.toString();
    }

    /** In the default language (Russian). */
    @Override
    public String toString() {
        return in(Language.DEFAULT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Msg m && m.key.equals(key) && Arrays.equals(m.args, args);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + Arrays.hashCode(args);
    }

    /** A {@link BridgeException} whose sentence is a catalogue entry, rendered in the language asked for. */
    static final class CatalogueException extends BridgeException {
        private static final long serialVersionUID = 1L;
        private final transient Msg msg;

        CatalogueException(int status, Msg msg, Throwable cause) {
            super(status, msg.in(Language.DEFAULT), cause);
            this.msg = msg;
        }

        @Override
        public String message(Language language) {
            return msg == null ? getMessage() : msg.in(language);
        }
    }

    /** An {@link IOException} whose sentence is a catalogue entry ({@link #ioError}). */
    static final class CatalogueIOException extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Msg msg;

        CatalogueIOException(Msg msg) {
            super(msg.in(Language.DEFAULT));
            this.msg = msg;
        }
    }
}
