package org.lmxbridge.internal.text;

import org.lmxbridge.Language;

/**
 * The sentences of the operations features (issue 14: the live register seen from another process,
 * the local console) by name, from the message catalogue ({@code ops.*} and {@code console.*} of
 * {@code messages_*.properties}): in the language of the call on this thread ({@link CallLanguage}),
 * or in the one given (the console's page follows the browser). The connection check's sentences are
 * {@code check.*}, rendered by {@link org.lmxbridge.internal.diagnose.ConnectionCheck}. Internal.
 */
public final class OperationsTexts {
    private OperationsTexts() {
    }

    /** True when the call on this thread speaks English. */
    public static boolean english() {
        return CallLanguage.or(Language.DEFAULT) == Language.EN;
    }

    private static String t(String key, Object... args) {
        return Msg.of(key, args).in(CallLanguage.or(Language.DEFAULT));
    }

    private static String t(boolean en, String key, Object... args) {
        return Msg.of(key, args).in(en ? Language.EN : Language.RU);
    }

    // ---- the connection check's queue step -------------------------------------------------------
    public static String queueHere(int waiting) {
        return t("check.queue.here", waiting);
    }

    public static String queueOwnedBy(String owner, int waiting) {
        return t("check.queue.ownedBy", owner, waiting);
    }

    public static String queueCheckedByOwner(String owner) {
        return t("check.queue.checkedByOwner", owner);
    }

    // ---- the live register ---------------------------------------------------------------------
    /** How an owner of a register's queue is named: "loymax-bridge host, pid 4711". */
    public static String owner(String program, long pid) {
        return t("ops.owner", program, pid);
    }

    public static String ownerUnknown(String pid) {
        return t("ops.owner.unknown", pid);
    }

    public static String refusedOwnerSilent(String register, String action, String owner, String why) {
        return t("ops.owner.silent", register, owner, why, action);
    }

    public static String readOnlyView(String owner) {
        return t("ops.readOnly", owner);
    }

    public static String noContactYet() {
        return t("ops.noContactYet");
    }

    // ---- the console ---------------------------------------------------------------------------
    public static String consoleStarted(boolean en, String url) {
        return t(en, "console.started", url);
    }

    public static String consoleTokenFile(boolean en, String file) {
        return t(en, "console.tokenFile", file);
    }

    public static String consoleRefused(boolean en) {
        return t(en, "console.refused");
    }

    public static String consoleWrongHost(boolean en) {
        return t(en, "console.wrongHost");
    }

    /** A sentence of the console's API ({@code console.api.*}). */
    public static String consoleApi(boolean en, String key, Object... args) {
        return t(en, "console.api." + key, args);
    }

    /** A label of the console's page ({@code console.label.*}). */
    public static String consoleLabel(boolean en, String key) {
        return t(en, "console.label." + key);
    }
}
