package org.adherence.console;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The console's own guards, before any service is asked (no service is running here: a page that would ask one
 * fails, and says so): sign-in first, a clinic in the token, CSRF on every form, clinicians alone acknowledge, the
 * filter checked and kept out of the address, and the headers that keep pages from being framed, scripted or
 * referred elsewhere.
 */
@SpringBootTest(properties = {"adherence.console.notification-url=http://127.0.0.1:9",
        "adherence.console.rules-url=http://127.0.0.1:9"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
class ConsoleSecurityTest {

    @Autowired
    private MockMvc mvc;

    @Test
    void sendsAStrangerToTheClinicsIdentityProvider() throws Exception {
        mvc.perform(get("/"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/oauth2/authorization/clinic"));
    }

    @Test
    void servesHealthWithoutSignIn() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk());
    }

    @Test
    void refusesAUserWhoseTokenNamesNoClinic() throws Exception {
        mvc.perform(get("/alerts/a-1").with(user(Map.of("role", "PHYSICIAN", "email", "x@clinic.example"))))
                .andExpect(status().isForbidden());
    }

    @Test
    void aCaregiverCannotAcknowledgeAndNotificationServiceIsNeverAsked() throws Exception {
        mvc.perform(post("/alerts/a-1/acknowledgement").param("reason", "seen").with(csrf())
                        .with(user(Map.of("clinic", "dev-clinic", "role", "CAREGIVER", "email", "sam@family.example"))))
                .andExpect(status().isForbidden());
    }

    @Test
    void refusesAFormWithoutItsCsrfToken() throws Exception {
        mvc.perform(post("/alerts/a-1/acknowledgement").param("reason", "seen").with(physician()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/inbox/filter").param("severity", "CRITICAL").with(physician()))
                .andExpect(status().isForbidden());
    }

    @Test
    void keepsAValidFilterInTheSessionNotInTheAddress() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/inbox/filter").session(session).param("severity", "CRITICAL")
                        .param("rule", "OVERDOSE_SIGNS").param("patientId", "p-1").with(csrf()).with(physician()))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/"));
        org.assertj.core.api.Assertions.assertThat(session.getAttribute("inboxFilter")).hasToString(
                "InboxFilter[severity=CRITICAL, rule=OVERDOSE_SIGNS, patientId=p-1]");
    }

    @Test
    void namesWhatIsWrongWithAFilter() throws Exception {
        mvc.perform(post("/inbox/filter").param("rule", "NOT_A_RULE").with(csrf()).with(physician()))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("Unknown rule")));
        mvc.perform(post("/inbox/filter").param("patientId", "p 1/../x").with(csrf()).with(physician()))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("A patient id is 1 to 64 characters")))
                .andExpect(content().string(not(containsString("p 1/../x"))));
    }

    @Test
    void sendsPagesWithAStrictContentSecurityPolicyNoFramingAndNoReferrer() throws Exception {
        mvc.perform(post("/inbox/filter").param("rule", "NOT_A_RULE").with(csrf()).with(physician()))
                .andExpect(header().string("Content-Security-Policy", containsString("default-src 'none'")))
                .andExpect(header().string("Content-Security-Policy", containsString("script-src 'self';")))
                .andExpect(header().string("Content-Security-Policy", containsString("frame-ancestors 'none'")))
                .andExpect(header().string("Content-Security-Policy",
                        containsString("form-action 'self' http://idp.test:9000")))
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().string("Referrer-Policy", "no-referrer"))
                .andExpect(header().string("Cache-Control", containsString("no-store")));
    }

    @Test
    void aPageOfAServiceThatDoesNotAnswerSaysSo() throws Exception {
        // notification-service is not running: the inbox says so, with 503, and shows no data
        mvc.perform(get("/").with(physician()))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().string(containsString("This page cannot be shown just now")))
                .andExpect(content().string(containsString("notification-service</span> did not answer")));
        // nor is rules-service: the patient page and the quiet patients say so
        mvc.perform(get("/patients/p-1").with(physician()))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().string(containsString("rules-service</span> did not answer")));
        mvc.perform(get("/quiet").with(physician()))
                .andExpect(status().isServiceUnavailable());
    }

    @Test
    void asksNoServiceForAPatientIdOrASilenceThatCannotBeOne() throws Exception {
        mvc.perform(get("/patients/p 1").with(physician())).andExpect(status().isNotFound());
        mvc.perform(get("/quiet").param("silentFor", "PT1S").with(physician())).andExpect(status().isBadRequest());
    }

    private static RequestPostProcessor physician() {
        return user(Map.of("clinic", "dev-clinic", "role", "PHYSICIAN", "email", "neuro@clinic.example"));
    }

    private static RequestPostProcessor user(Map<String, Object> claims) {
        return oidcLogin().idToken(token -> {
            token.subject("u-1");
            claims.forEach(token::claim);
        });
    }
}
