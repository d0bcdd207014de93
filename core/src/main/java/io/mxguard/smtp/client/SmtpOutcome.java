package io.mxguard.smtp.client;

import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * SmtpOutcome - a step's result: {@link Ok} with its value, or {@link Failed} with a classified
 * {@link SmtpFailure}. Expected failures (timeouts, refusals, lost connections) come back as
 * {@code Failed}; nothing throws for them.
 */
public sealed interface SmtpOutcome<T> {

    record Ok<T>(T value) implements SmtpOutcome<T> {
    }

    record Failed<T>(SmtpFailure failure) implements SmtpOutcome<T> {
    }

    static <T> SmtpOutcome<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> SmtpOutcome<T> failed(SmtpFailure failure) {
        return new Failed<>(failure);
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** value - the value of an {@link Ok}; a programming error on {@link Failed}. */
    default T value() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new NoSuchElementException("outcome failed: " + ((Failed<T>) this).failure());
    }

    /** failure - the failure of a {@link Failed}; a programming error on {@link Ok}. */
    default SmtpFailure failure() {
        if (this instanceof Failed<T> f) {
            return f.failure();
        }
        throw new NoSuchElementException("outcome succeeded");
    }

    /** map - the same failure, or the value transformed. */
    default <U> SmtpOutcome<U> map(Function<T, U> f) {
        if (this instanceof Ok<T> ok) {
            return new Ok<>(f.apply(ok.value()));
        }
        return new Failed<>(failure());
    }
}
