package org.adherence.intake.problem;

import java.util.List;

import org.springframework.http.HttpStatus;

/** A request the API refuses as a whole, naming every bad field; nothing of it is published. */
public class InvalidRequestException extends RuntimeException {

    private final HttpStatus status;

    private final List<FieldProblem> problems;

    public InvalidRequestException(HttpStatus status, String detail, List<FieldProblem> problems) {
        super(detail);
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    public static InvalidRequestException invalid(List<FieldProblem> problems) {
        return new InvalidRequestException(HttpStatus.BAD_REQUEST,
                "The request has " + problems.size() + " invalid field(s); nothing was published.", problems);
    }

    public static InvalidRequestException uncoveredDrug(List<FieldProblem> problems) {
        return new InvalidRequestException(HttpStatus.UNPROCESSABLE_CONTENT,
                "No rule pack covers the drug(s) named; nothing was published.", problems);
    }

    public HttpStatus status() {
        return status;
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
