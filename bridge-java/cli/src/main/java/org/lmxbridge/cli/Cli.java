package org.lmxbridge.cli;

import org.lmxbridge.BridgeConfig;
import org.lmxbridge.Language;

/** What the tool's commands share: the language of their texts. */
final class Cli {
    private Cli() {
    }

    /**
     * The language of a command's texts: {@code --lang} when given, else the configuration's
     * {@code "language"} (when it can be read), else Russian.
     */
    static Language language(Language option, String config) {
        if (option != null) return option;
        Language declared = config == null ? null : BridgeConfig.declaredLanguage(config);
        return declared != null ? declared : Language.DEFAULT;
    }
}
