package org.adherence.devidp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;

/**
 * A browser and the console, over real HTTP: log in through the form (with its CSRF token), authorize, read the code
 * from the redirect to the console's URI (not followed), exchange it at the token endpoint with HTTP Basic.
 */
final class AuthorizationCodeFlow {

    static final String CONSOLE_REDIRECT_URI = "http://localhost:8083/login/oauth2/code/clinic";

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;

    private final HttpClient browser;

    /** The code_verifier sent with the exchange, or none for a flow without PKCE. */
    private String codeVerifier;

    String nonce;

    AuthorizationCodeFlow(int port) {
        this.base = "http://localhost:" + port;
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        this.browser = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Logs the user in and authorizes the scopes: the authorization code the console's redirect URI receives. */
    String authorize(String username, String password, String scopes, boolean pkce) throws Exception {
        String state = UUID.randomUUID().toString();
        nonce = UUID.randomUUID().toString();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", "care-console");
        query.put("scope", scopes);
        query.put("redirect_uri", CONSOLE_REDIRECT_URI);
        query.put("state", state);
        query.put("nonce", nonce);
        if (pkce) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            codeVerifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            query.put("code_challenge", s256(codeVerifier));
            query.put("code_challenge_method", "S256");
        }
        else {
            codeVerifier = null;
        }

        // not logged in: to the login form
        HttpResponse<String> authorize = get(base + "/oauth2/authorize?" + form(query));
        assertThat(authorize.statusCode()).as("authorize before login").isEqualTo(302);
        String loginPage = location(authorize);
        assertThat(loginPage).endsWith("/login");

        HttpResponse<String> login = get(loginPage);
        assertThat(login.statusCode()).isEqualTo(200);
        Matcher csrf = CSRF.matcher(login.body());
        assertThat(csrf.find()).as("the login form's CSRF token").isTrue();

        HttpResponse<String> loggedIn = post(base + "/login", null, Map.of("username", username,
                "password", password, "_csrf", csrf.group(1)));
        assertThat(loggedIn.statusCode()).isEqualTo(302);
        String saved = location(loggedIn);
        assertThat(saved).as("back to the authorization request after login (not the error page)")
                .contains("/oauth2/authorize");

        // logged in: straight to the console with a code, no consent page
        HttpResponse<String> authorized = get(saved);
        assertThat(authorized.statusCode()).as("authorize after login").isEqualTo(302);
        URI redirect = URI.create(location(authorized));
        assertThat(redirect.getScheme() + "://" + redirect.getAuthority() + redirect.getPath())
                .isEqualTo(CONSOLE_REDIRECT_URI);
        Map<String, String> answer = parseQuery(redirect.getRawQuery());
        assertThat(answer).containsEntry("state", state).containsKey("code");
        return answer.get("code");
    }

    /** Logs in with a wrong password: where the form sends the browser. */
    String loginFails(String username, String password) throws Exception {
        HttpResponse<String> login = get(base + "/login");
        Matcher csrf = CSRF.matcher(login.body());
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> refused = post(base + "/login", null, Map.of("username", username,
                "password", password, "_csrf", csrf.group(1)));
        assertThat(refused.statusCode()).isEqualTo(302);
        return location(refused);
    }

    /** The token endpoint's answer to the code, the client authenticated with HTTP Basic. */
    Map<String, Object> exchange(String code, String clientSecret) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", CONSOLE_REDIRECT_URI);
        if (codeVerifier != null) {
            form.put("code_verifier", codeVerifier);
        }
        return tokenRequest(form, clientSecret);
    }

    Map<String, Object> refresh(String refreshToken, String clientSecret) throws Exception {
        return tokenRequest(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken), clientSecret);
    }

    HttpResponse<String> tokenEndpoint(Map<String, String> form, String clientSecret) throws Exception {
        return post(base + "/oauth2/token", basic("care-console", clientSecret), form);
    }

    private Map<String, Object> tokenRequest(Map<String, String> form, String clientSecret) throws Exception {
        HttpResponse<String> response = tokenEndpoint(form, clientSecret);
        assertThat(response.statusCode()).as("token endpoint: %s", response.body()).isEqualTo(200);
        return json(response.body());
    }

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> getWithBearer(String path, String token) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("Accept", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> getJson(String path) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String body) {
        return JSON.readValue(body, Map.class);
    }

    private HttpResponse<String> post(String url, String authorization, Map<String, String> form)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html,application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String location(HttpResponse<String> response) {
        String location = response.headers().firstValue("Location").orElseThrow();
        return URI.create(base + "/").resolve(location).toString();
    }

    private static String basic(String clientId, String secret) {
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream()
                .map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String s256(String verifier) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }
}
