package io.nasscore.core.space;

/** An arch string or index that is not one of the 15,625 NB201 cells; the message says what is wrong. */
public class InvalidArchException extends IllegalArgumentException {
    public InvalidArchException(String message) { super(message); }
}
