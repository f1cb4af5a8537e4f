import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lmxbridge.internal.host.HostClient;

/**
 * One register call through a running {@code loymax-bridge host}, as a register program makes it with
 * {@code "engine":"host"}: hello with the host's token, open the register's configuration, execute one
 * command, print the result JSON on stdout. Run from source with the bridge's jar (Java 11+):
 *
 * <pre>java -cp dist/loymax-bridge.jar scripts/lib/HostCall.java PORT TOKEN_FILE CONFIG_FILE COMMAND REQUEST_JSON</pre>
 *
 * Exit status: the command's status (0 = success, also when queued offline), 70 when the host could
 * not be reached or refused. Uses the host protocol's reference client (HostClient, docs/host-protocol.md);
 * scripts/fleet-test.sh queues a sale through it.
 */
public final class HostCall {
    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: HostCall PORT TOKEN_FILE CONFIG_FILE COMMAND REQUEST_JSON");
            System.exit(2);
        }
        String token = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8).strip();
        String config = Path.of(args[2]).toAbsolutePath().toString();
        int status;
        try (HostClient c = HostClient.connect(Integer.parseInt(args[0]), token, "fleet-test HostCall")) {
            JsonNode opened = c.open(config);
            if (opened.path("status").asInt(-1) != 0) {
                System.err.println("open failed: " + opened);
                System.exit(70);
            }
            long handle = opened.path("handle").asLong();
            JsonNode executed = c.execute(handle, args[3], args[4]);
            status = executed.path("status").asInt(-1);
            System.out.println(c.result(handle, "").path("value").asText());
            c.close(handle);
        } catch (java.io.IOException e) {
            System.err.println("host: " + e.getMessage());
            status = 70;
        }
        System.exit(status);
    }
}
