import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.Arrays;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Shows the mails that the local GreenMail (started by ./run-local.sh) received, through its REST API.
 * Run by local-stack/mails.sh with greenmail-standalone.jar on the class path (for Jackson and Jakarta Mail):
 * <pre>
 *   mails.sh             every mailbox, one line per mail (date, sender, subject)
 *   mails.sh ADDRESS     every mail to ADDRESS, headers and text (the plain-text part of multipart mails)
 *   mails.sh --raw ADDRESS   the same mails as raw MIME
 * </pre>
 * The API base is http://localhost:8025 unless MAILS_API is set.
 */
public class Mails {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Session SESSION = Session.getInstance(new Properties());
    static String api = System.getenv().getOrDefault("MAILS_API", "http://localhost:8025");

    public static void main(String[] args) throws Exception {
        boolean raw = args.length > 0 && args[0].equals("--raw");
        String[] rest = raw ? Arrays.copyOfRange(args, 1, args.length) : args;
        try {
            if (rest.length == 0) {
                listAll();
            } else {
                for (String address : rest) show(address, raw);
            }
        } catch (java.net.ConnectException e) {
            System.err.println("GreenMail does not answer on " + api + ": is ./run-local.sh running?");
            System.exit(1);
        }
    }

    static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(api + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(body.path("message").asText(response.body()));
        }
        return body;
    }

    static JsonNode messages(String address) throws Exception {
        return get("/api/user/" + URLEncoder.encode(address, StandardCharsets.UTF_8).replace("+", "%20") + "/messages");
    }

    static MimeMessage parse(JsonNode message) throws Exception {
        // GreenMail hands the raw message bytes over as ISO-8859-1 characters (one char per byte)
        return new MimeMessage(SESSION,
                new ByteArrayInputStream(message.path("mimeMessage").asText().getBytes(StandardCharsets.ISO_8859_1)));
    }

    static void listAll() throws Exception {
        JsonNode users = get("/api/user");
        if (users.isEmpty()) {
            System.out.println("No mail yet (GreenMail at " + api + " has no mailbox).");
            return;
        }
        SimpleDateFormat date = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss Z");
        for (JsonNode user : users) {
            String address = user.path("email").asText();
            JsonNode messages = messages(address);
            System.out.printf("%s (%d mail%s)%n", address, messages.size(), messages.size() == 1 ? "" : "s");
            for (JsonNode m : messages) {
                MimeMessage mime = parse(m);
                System.out.printf("  #%-4s %s  from %s  %s%n", m.path("uid").asText(),
                        mime.getSentDate() == null ? "-" : date.format(mime.getSentDate()),
                        addresses(mime.getFrom()), mime.getSubject());
            }
        }
        System.out.println();
        System.out.println("Full text of one recipient's mails: local-stack/mails.sh <address>");
    }

    static void show(String address, boolean raw) throws Exception {
        JsonNode messages;
        try {
            messages = messages(address);
        } catch (IllegalStateException e) {
            System.out.println(address + ": no mail (" + e.getMessage() + ")");
            return;
        }
        System.out.printf("%s: %d mail%s%n", address, messages.size(), messages.size() == 1 ? "" : "s");
        for (JsonNode m : messages) {
            System.out.println("==================================================================== #" + m.path("uid").asText());
            if (raw) {
                System.out.write(m.path("mimeMessage").asText().getBytes(StandardCharsets.ISO_8859_1));
                System.out.println();
                continue;
            }
            MimeMessage mime = parse(m);
            System.out.println("Date:    " + (mime.getSentDate() == null ? "-" : mime.getSentDate()));
            System.out.println("From:    " + addresses(mime.getFrom()));
            System.out.println("To:      " + addresses(mime.getRecipients(Message.RecipientType.TO)));
            if (mime.getRecipients(Message.RecipientType.CC) != null) {
                System.out.println("Cc:      " + addresses(mime.getRecipients(Message.RecipientType.CC)));
            }
            System.out.println("Subject: " + mime.getSubject());
            System.out.println();
            String text = text(mime, "text/plain");
            if (text == null) text = text(mime, "text/html");
            System.out.println(text == null ? "(no text part; use --raw)" : text.replace("\r\n", "\n").strip());
        }
    }

    static String addresses(jakarta.mail.Address[] list) {
        if (list == null) return "-";
        return Arrays.stream(list)
                .map(a -> a instanceof InternetAddress ia ? ia.toUnicodeString() : a.toString())
                .collect(Collectors.joining(", "));
    }

    static String text(Part part, String type) throws Exception {
        if (part.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return String.valueOf(part.getContent());
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String found = text(child, type);
                if (found != null) return found;
            }
        }
        return null;
    }
}
