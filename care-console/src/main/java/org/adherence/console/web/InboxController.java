package org.adherence.console.web;

import java.util.Arrays;

import jakarta.servlet.http.HttpSession;

import org.adherence.console.alerts.AlertsClient;
import org.adherence.console.alerts.InboxFilter;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The inbox: the clinic's open alerts, CRITICAL first, then by time, filtered by severity, rule and patient. The
 * filter is posted and kept in the session, not put in the address.
 */
@Controller
class InboxController {

    static final String FILTER = "inboxFilter";

    private final AlertsClient alerts;

    InboxController(AlertsClient alerts) {
        this.alerts = alerts;
    }

    @GetMapping("/")
    String inbox(HttpSession session, Model model) {
        InboxFilter filter = session.getAttribute(FILTER) instanceof InboxFilter kept ? kept : InboxFilter.NONE;
        return render(filter, model);
    }

    @PostMapping("/inbox/filter")
    String filter(@RequestParam(defaultValue = "") String severity, @RequestParam(defaultValue = "") String rule,
                  @RequestParam(defaultValue = "") String patientId, HttpSession session, Model model,
                  jakarta.servlet.http.HttpServletResponse response) {
        InboxFilter filter;
        try {
            filter = InboxFilter.parse(severity, rule, patientId);
        }
        catch (IllegalArgumentException invalid) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("filterError", invalid.getMessage());
            // the form again, as it was sent, with what is wrong; no alert is fetched for a filter that is not one
            model.addAttribute("filter", InboxFilter.NONE);
            model.addAttribute("severities", Severity.values());
            model.addAttribute("rules", Arrays.stream(RuleId.values()).map(Enum::name).sorted().toList());
            return "inbox";
        }
        session.setAttribute(FILTER, filter);
        return "redirect:/";
    }

    @PostMapping("/inbox/filter/clear")
    String clear(HttpSession session, RedirectAttributes redirect) {
        session.removeAttribute(FILTER);
        return "redirect:/";
    }

    private String render(InboxFilter filter, Model model) {
        model.addAttribute("filter", filter);
        model.addAttribute("severities", Severity.values());
        model.addAttribute("rules", Arrays.stream(RuleId.values()).map(Enum::name).sorted().toList());
        model.addAttribute("page", alerts.alerts(filter, false));
        model.addAttribute("pageSize", AlertsClient.PAGE_SIZE);
        return "inbox";
    }
}
