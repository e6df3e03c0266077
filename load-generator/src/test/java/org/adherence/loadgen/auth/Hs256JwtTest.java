package org.adherence.loadgen.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.adherence.contracts.json.ContractJson;
import org.adherence.security.JwtSettings;
import org.adherence.security.TokenValidators;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

class Hs256JwtTest {

    private static final String SECRET = "a-load-test-secret-of-more-than-32-bytes";
    private static final Instant ISSUED = Instant.parse("2026-11-24T08:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void signsWhatAnHmacSha256OfTheSameSecretVerifies() throws Exception {
        // given a patient app's token
        String token = new Hs256Jwt(SECRET).patientApp("lg-1-00001", ISSUED, EXPIRES);

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
    void carriesTheHeaderAndClaimsTheServicesRead() {
        // given a patient app's and a care team's token
        Hs256Jwt jwt = new Hs256Jwt(SECRET);
        String[] patient = jwt.patientApp("lg-1-00001", ISSUED, EXPIRES).split("\\.");
        String[] careTeam = jwt.careTeam("load-generator", ISSUED, EXPIRES).split("\\.");

        // then
        assertThat(decode(careTeam[0])).isEqualTo(Map.of("alg", "HS256", "typ", "JWT"));
        assertThat(decode(patient[1])).isEqualTo(Map.of("sub", "lg-1-00001", "scope", "events:write",
                "iat", (int) ISSUED.getEpochSecond(), "exp", (int) EXPIRES.getEpochSecond()));
        assertThat(decode(careTeam[1])).isEqualTo(Map.of("sub", "load-generator", "scope", "patients:write",
                "clinic", "dev-clinic", "iat", (int) ISSUED.getEpochSecond(), "exp", (int) EXPIRES.getEpochSecond()));
    }

    @Test
    void itsTokensPassTheServicesOwnCheck() {
        // given the decoder and validators the services build from the dev secret
        NimbusJwtDecoder services = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(
                SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256")).macAlgorithm(MacAlgorithm.HS256).build();
        services.setJwtValidator(JwtValidators.createDefaultWithValidators(TokenValidators.of(
                new JwtSettings(SECRET, null, null))));
        Instant now = Instant.now();

        // when a care team's token of the load is decoded
        Jwt careTeam = services.decode(new Hs256Jwt(SECRET).careTeam("load-generator", now, now.plusSeconds(60)));

        // then it is the dev clinic's care team, with an expiry
        assertThat(careTeam.getSubject()).isEqualTo("load-generator");
        assertThat(careTeam.getClaimAsString("clinic")).isEqualTo(Hs256Jwt.CLINIC);
        assertThat(careTeam.getExpiresAt()).isEqualTo(now.plusSeconds(60).truncatedTo(ChronoUnit.SECONDS));
    }

    @Test
    void anotherSecretGivesAnotherSignature() {
        String mine = new Hs256Jwt(SECRET).patientApp("p-1", ISSUED, EXPIRES);
        String theirs = new Hs256Jwt(SECRET + "!").patientApp("p-1", ISSUED, EXPIRES);

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
