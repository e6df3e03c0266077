package org.adherence.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;

/** The fast path refuses exactly what Spring Security's default expression refuses. */
class FastFirewallTest {

    @Test
    void everySingleCharacterIsJudgedAsTheDefaultJudgesIt() {
        for (int c = 0; c <= 0xFFFF; c++) {
            String value = "Bearer " + (char) c + "x";
            assertThat(FastFirewall.assignedAndNotIsoControl(value)).as("U+%04X", c)
                    .isEqualTo(FastFirewall.ASSIGNED_AND_NOT_ISO_CONTROL.matcher(value).matches());
        }
    }

    @Test
    void mixedStringsAreJudgedAsTheDefaultJudgesThem() {
        Random random = new Random(14);
        List<String> values = new ArrayList<>(List.of("", "eyJhbGciOiJIUzI1NiJ9.e30.sig", "a\tb", "\u007f", "\u0085",
                "caf\u00e9", "\u4e2d\u6587", "\ud83d\ude00", "\ud83d", "\u0378", "x\u0000y"));
        for (int i = 0; i < 20_000; i++) {
            StringBuilder value = new StringBuilder();
            for (int j = random.nextInt(12); j > 0; j--) {
                value.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : (char) (0x20 + random.nextInt(95)));
            }
            values.add(value.toString());
        }
        for (String value : values) {
            assertThat(FastFirewall.assignedAndNotIsoControl(value)).as(value)
                    .isEqualTo(FastFirewall.ASSIGNED_AND_NOT_ISO_CONTROL.matcher(value).matches());
        }
    }

    @Test
    void theFirewallRefusesAControlCharacterInAHeaderAndPassesAToken() {
        HttpFirewall firewall = FastFirewall.create();
        MockHttpServletRequest token = new MockHttpServletRequest("POST", "/api/v1/patients/p-1/doses");
        token.addHeader("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwLTEifQ.c2ln");
        assertThat(firewall.getFirewalledRequest(token).getHeader("Authorization")).startsWith("Bearer ");

        MockHttpServletRequest bell = new MockHttpServletRequest("POST", "/api/v1/patients/p-1/doses");
        bell.addHeader("X-Note", "ring\u0007");
        assertThatThrownBy(() -> firewall.getFirewalledRequest(bell).getHeader("X-Note"))
                .isInstanceOf(RequestRejectedException.class);
    }
}
