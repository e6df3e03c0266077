package org.adherence.support.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's error report as a problem detail instead of its HTML page: for what the container refuses before any
 * servlet sees it (an invalid URL or request line) and for any error that no error page answered. Tomcat's own
 * valve does the same checks before writing (status, nothing written yet, the first report, I/O still allowed). A
 * request Tomcat refused with a server error for what it is gets a 4xx ({@link ContainerProblems#statusFor}).
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        status = ContainerProblems.statusFor(status, request.getMethod());
        try {
            response.setStatus(status);
            response.setContentType(ContainerProblems.MEDIA_TYPE);
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(ContainerProblems.json(status));
                response.finishResponse();
            }
        }
        catch (IOException | IllegalStateException clientGone) {
            // the connection is closed or the response already finished: there is nobody left to answer
            containerLog.debug("Could not write the problem detail of a " + status + ": " + clientGone);
        }
    }
}
