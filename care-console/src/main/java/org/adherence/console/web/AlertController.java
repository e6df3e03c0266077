package org.adherence.console.web;

import java.util.regex.Pattern;

import org.adherence.console.alerts.AlertView;
import org.adherence.console.alerts.AlertsClient;
import org.adherence.console.security.ClinicUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One alert: its summary, guidance and evidence, who was mailed and what became of each email, and, for a clinician,
 * the acknowledgement (who, when, an optional reason), the same one as the email's link: reminders stop everywhere.
 */
@Controller
class AlertController {

    /** What an alert id may be (rules-service makes UUIDs; some are derived from a patient id). */
    private static final Pattern ALERT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    static final int REASON_MAX = 500;

    /** What notification-service refuses in a reason: control characters but line breaks and tabs. */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\t]]");

    private final AlertsClient alerts;

    AlertController(AlertsClient alerts) {
        this.alerts = alerts;
    }

    @GetMapping("/alerts/{alertId}")
    String alert(@PathVariable String alertId, Model model) {
        model.addAttribute("view", known(alertId));
        model.addAttribute("reasonMax", REASON_MAX);
        return "alert";
    }

    @PostMapping("/alerts/{alertId}/acknowledgement")
    String acknowledge(@PathVariable String alertId, @RequestParam(defaultValue = "") String reason,
                       @AuthenticationPrincipal OidcUser principal, Model model, RedirectAttributes redirect,
                       jakarta.servlet.http.HttpServletResponse response) {
        ClinicUser user = ClinicUser.of(principal);
        if (!user.isClinician()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Only clinicians may acknowledge an alert.");
        }
        // as notification-service counts it: a browser's line breaks (CRLF) as one character, after stripping
        String text = reason.replace("\r\n", "\n").strip();
        String problem = text.codePointCount(0, text.length()) > REASON_MAX
                ? "The reason is at most " + REASON_MAX + " characters."
                : CONTROL.matcher(text).find() ? "The reason cannot contain control characters." : null;
        if (problem != null) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("view", known(alertId));
            model.addAttribute("reasonMax", REASON_MAX);
            model.addAttribute("reasonError", problem);
            return "alert";
        }
        checkId(alertId);
        AlertView after = alerts.acknowledge(alertId, text)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such alert"));
        redirect.addFlashAttribute("acknowledgedNow", after.hasBeenAcknowledged()
                && user.email() != null && user.email().equalsIgnoreCase(after.acknowledged().acknowledgedBy()));
        return "redirect:/alerts/" + alertId;
    }

    private AlertView known(String alertId) {
        checkId(alertId);
        return alerts.alert(alertId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No such alert"));
    }

    private static void checkId(String alertId) {
        if (!ALERT_ID.matcher(alertId).matches()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such alert");
        }
    }
}
