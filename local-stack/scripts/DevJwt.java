import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Prints a dev JWT (HS256) for ./run-local.sh on machines without openssl. Run as a single-file source
 * program (JDK 11+): {@code java local-stack/scripts/DevJwt.java <sub> <scope> <iat> <exp> [<clinic>]}.
 * The key is the UTF-8 bytes of the environment variable ADHERENCE_SECURITY_JWT_HMAC_SECRET (read from
 * the environment, not the command line, so it never shows up in a process list).
 */
public class DevJwt {
    public static void main(String[] args) throws Exception {
        if (args.length != 4 && args.length != 5) {
            System.err.println("usage: java DevJwt.java <sub> <scope> <iat-epoch-seconds> <exp-epoch-seconds> "
                    + "[<clinic>]");
            System.exit(2);
        }
        String secret = System.getenv("ADHERENCE_SECURITY_JWT_HMAC_SECRET");
        if (secret == null || secret.isEmpty()) {
            System.err.println("ADHERENCE_SECURITY_JWT_HMAC_SECRET is not set");
            System.exit(2);
        }
        long iat = Long.parseLong(args[2]);
        long exp = Long.parseLong(args[3]);
        String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
        String clinic = args.length == 5 ? ",\"clinic\":\"" + json(args[4]) + "\"" : "";
        String payload = "{\"sub\":\"" + json(args[0]) + "\",\"scope\":\"" + json(args[1]) + "\"" + clinic
                + ",\"iat\":" + iat + ",\"exp\":" + exp + "}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        System.out.println(signingInput + "." + b64.encodeToString(signature));
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
