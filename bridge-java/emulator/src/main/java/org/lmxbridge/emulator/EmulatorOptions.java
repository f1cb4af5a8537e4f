package org.lmxbridge.emulator;

import java.nio.file.Path;

/**
 * How to start an {@link Emulator}. Build with {@link #builder()}:
 * <pre>{@code
 * Emulator emu = Emulator.start(EmulatorOptions.builder().port(0).db(Path.of("emu.db")).build());
 * }</pre>
 *
 * @param port         TCP port on 127.0.0.1; 0 picks a free port
 * @param seed         JSON seed file, or null for the bundled {@code org/lmxbridge/emulator/default-seed.json}
 * @param db           SQLite database file, or null to keep the state in memory only
 * @param faults       initial fault settings (copied; change them later through {@link Emulator#faults()}),
 *                     or null to take the seed's settings / the defaults
 * @param maxBodyBytes largest accepted request body; larger bodies get HTTP 413
 */
public record EmulatorOptions(int port, Path seed, Path db, Faults faults, int maxBodyBytes) {

    /** Default request body limit: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    public EmulatorOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
        faults = faults == null ? null : new Faults(faults);
    }

    /** Free port, default seed, in-memory state, no faults. */
    public static EmulatorOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link EmulatorOptions}. */
    public static final class Builder {
        private int port;
        private Path seed;
        private Path db;
        private Faults faults;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

        private Builder() {
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder seed(Path seed) {
            this.seed = seed;
            return this;
        }

        public Builder db(Path db) {
            this.db = db;
            return this;
        }

        public Builder faults(Faults faults) {
            this.faults = faults;
            return this;
        }

        public Builder maxBodyBytes(int maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        public EmulatorOptions build() {
            return new EmulatorOptions(port, seed, db, faults, maxBodyBytes);
        }
    }
}
