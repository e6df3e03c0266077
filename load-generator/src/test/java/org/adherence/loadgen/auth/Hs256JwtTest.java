package org.adherence.loadgen.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.adherence.contracts.json.ContractJson;
import org.junit.jupiter.api.Test;

class Hs256JwtTest {

    private static final String SECRET = "a-load-test-secret-of-more-than-32-bytes";
    private static final Instant ISSUED = Instant.parse("2026-11-24T08:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void signsWhatAnHmacSha256OfTheSameSecretVerifies() throws Exception {
        // given a patient app's token
        String token = new Hs256Jwt(SECRET).sign("lg-1-00001", Hs256Jwt.PATIENT_APP_SCOPE, ISSUED, EXPIRES);

        // when its signature is recomputed independently over header.payload
        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));

        // then it matches, base64url without padding
        assertThat(MessageDigest.isEqual(Base64.getUrlDecoder().decode(parts[2]), expected)).isTrue();
        assertThat(token).doesNotContain("=", "+", "/");
    }

    @Test
    void carriesTheHeaderAndClaimsIntakeReads() {
        // given a care team's token
        String token = new Hs256Jwt(SECRET).sign("load-generator", Hs256Jwt.CARE_TEAM_SCOPE, ISSUED, EXPIRES);

        // when header and payload are decoded
        String[] parts = token.split("\\.");
        Map<?, ?> header = decode(parts[0]);
        Map<?, ?> claims = decode(parts[1]);

        // then
        assertThat(header).isEqualTo(Map.of("alg", "HS256", "typ", "JWT"));
        assertThat(claims).isEqualTo(Map.of("sub", "load-generator", "scope", "patients:write",
                "iat", (int) ISSUED.getEpochSecond(), "exp", (int) EXPIRES.getEpochSecond()));
    }

    @Test
    void anotherSecretGivesAnotherSignature() {
        String mine = new Hs256Jwt(SECRET).sign("p-1", Hs256Jwt.PATIENT_APP_SCOPE, ISSUED, EXPIRES);
        String theirs = new Hs256Jwt(SECRET + "!").sign("p-1", Hs256Jwt.PATIENT_APP_SCOPE, ISSUED, EXPIRES);

        assertThat(mine.substring(0, mine.lastIndexOf('.'))).isEqualTo(theirs.substring(0, theirs.lastIndexOf('.')));
        assertThat(mine).isNotEqualTo(theirs);
    }

    @Test
    void refusesASecretShorterThan32Bytes() {
        assertThatThrownBy(() -> new Hs256Jwt("too-short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes");
    }

    private static Map<?, ?> decode(String part) {
        return ContractJson.mapper().readValue(Base64.getUrlDecoder().decode(part), Map.class);
    }
}
