"""Ferrumba's exception and warning classes.

Names and the inheritance tree follow Numba's ``numba.core.errors`` so that code written
against Numba (``except numba.core.errors.TypingError``) keeps working with
``import ferrumba as numba``.
"""

# --------------------------------------------------------------------------- warnings


class NumbaWarning(Warning):
    """Base class for all warnings ferrumba emits."""

    def __init__(self, msg, loc=None, highlighting=True):
        self.msg = msg
        self.loc = loc
        if loc is not None:
            super().__init__("%s\n%s\n" % (msg, loc))
        else:
            super().__init__("%s" % (msg,))


class NumbaPerformanceWarning(NumbaWarning):
    """Code that compiles but is likely to run slowly (e.g. ``parallel=True`` without
    anything to parallelise)."""


class NumbaDeprecationWarning(NumbaWarning, DeprecationWarning):
    """Use of a deprecated feature."""


class NumbaPendingDeprecationWarning(NumbaWarning, PendingDeprecationWarning):
    """Use of a feature that will be deprecated."""


class NumbaParallelSafetyWarning(NumbaWarning):
    """A ``prange`` loop that may not be safe to run in parallel."""


class NumbaTypeSafetyWarning(NumbaWarning):
    """A possibly unsafe type cast."""


class NumbaExperimentalFeatureWarning(NumbaWarning):
    """Use of an experimental feature."""


class NumbaInvalidConfigWarning(NumbaWarning):
    """An invalid ``FERRUMBA_*`` configuration value."""


class NumbaPedanticWarning(NumbaWarning):
    """Warnings that are only emitted in pedantic mode."""


class NumbaIRAssumptionWarning(NumbaPedanticWarning):
    """An assumption about the IR did not hold."""


class NumbaDebugInfoWarning(NumbaWarning):
    """Debug info could not be generated."""


class NumbaSystemWarning(NumbaWarning):
    """Something about the system ferrumba runs on."""


class UnsupportedParforsWarning(NumbaWarning):
    """``parallel=True`` was requested but parallel execution is not available."""


# --------------------------------------------------------------------------- errors


class NumbaError(Exception):
    """Base class of the compiler's errors.

    ``msg`` is the message, ``loc`` an optional source location (anything with a useful
    ``str()``; the Rust core formats its own locations into ``msg``).
    """

    def __init__(self, msg, loc=None, highlighting=True):
        self.msg = msg
        self.loc = loc
        if loc is not None:
            new_msg = "%s\n%s\n" % (msg, loc)
        else:
            new_msg = "%s" % (msg,)
        super().__init__(new_msg)

    @property
    def contexts(self):
        try:
            return self._contexts
        except AttributeError:
            self._contexts = []
            return self._contexts

    def add_context(self, msg):
        """Append contextual information ("During: ...") to the message."""
        if msg in self.contexts:
            return self
        self.contexts.append(msg)
        self.args = ("{0}\nDuring: {1}".format(self, msg),)
        return self

    def patch_message(self, new_message):
        """Replace the error message."""
        self.args = (new_message,) + self.args[1:]


class UnsupportedError(NumbaError):
    """The compiler has no implementation for this functionality."""


class UnsupportedBytecodeError(Exception):
    """Unsupported bytecode (kept for Numba compatibility; ferrumba compiles from source)."""

    def __init__(self, msg, loc=None):
        super().__init__(f"{msg}. Raised from {loc}")


class UnsupportedRewriteError(UnsupportedError):
    """UnsupportedError from a rewrite pass."""


class IRError(NumbaError):
    """An error while building the compiler's IR."""


class RedefinedError(IRError):
    """A variable was redefined in a way the IR cannot represent."""


class NotDefinedError(IRError):
    """A name used by the function is not defined."""

    def __init__(self, name, loc=None):
        self.name = name
        msg = "The compiler failed to analyze the bytecode. Variable '%s' is not defined." % name
        super().__init__(msg, loc=loc)


class VerificationError(IRError):
    """The IR failed verification."""


class DeprecationError(NumbaError):
    """Use of functionality that has been removed."""


class LoweringError(NumbaError):
    """An error during code generation."""

    def __init__(self, msg, loc=None):
        super().__init__(msg, loc=loc)


class UnsupportedParforsError(NumbaError):
    """Parallel loops are not supported here."""


class ForbiddenConstruct(LoweringError):
    """A forbidden Python construct (e.g. ``locals()``)."""


class TypingError(NumbaError):
    """Type inference failed."""


class UntypedAttributeError(TypingError):
    def __init__(self, value, attr, loc=None):
        msg = "Unknown attribute '{attr}' of type {type}".format(type=value, attr=attr)
        super().__init__(msg, loc=loc)


class ByteCodeSupportError(NumbaError):
    """Failure to get at the function's code."""

    def __init__(self, msg, loc=None):
        super().__init__(msg, loc=loc)


class CompilerError(NumbaError):
    """A high-level compiler error (for instance: the function's source is unavailable)."""


class ConstantInferenceError(NumbaError):
    """A value that had to be a compile-time constant is not."""

    def __init__(self, value, loc=None):
        super().__init__(value, loc=loc)


class InternalError(NumbaError):
    """Wraps an unexpected error inside the compiler."""

    def __init__(self, exception):
        super().__init__(str(exception))
        self.old_exception = exception


class InternalTargetMismatchError(InternalError):
    def __init__(self, kind, target_hw, hw_clazz):
        msg = (f"{kind.title()} being resolved on a target from which it does not inherit. "
               f"Local target is {target_hw}, declared target class is {hw_clazz}.")
        super().__init__(msg)


class NonexistentTargetError(InternalError):
    """A target that does not exist was requested."""


class RequireLiteralValue(TypingError):
    """Typing needs a compile-time constant argument."""


class ForceLiteralArg(NumbaError):
    """Pseudo-exception asking the dispatcher to type some arguments as literals.

    ``requested_args`` is a frozenset of argument positions.
    """

    def __init__(self, arg_indices, fold_arguments=None, loc=None):
        super().__init__("Pseudo-exception to force literal arguments in the dispatcher", loc=loc)
        self.requested_args = frozenset(arg_indices)
        self.fold_arguments = fold_arguments

    def bind_fold_arguments(self, fold_arguments):
        e = ForceLiteralArg(self.requested_args, fold_arguments, loc=self.loc)
        e.__cause__ = self
        return e

    def combine(self, other):
        if not isinstance(other, ForceLiteralArg):
            raise TypeError("*other* must be a {} but got a {} instead".format(
                ForceLiteralArg, type(other)))
        return ForceLiteralArg(self.requested_args | other.requested_args)

    def __or__(self, other):
        return self.combine(other)


class LiteralTypingError(TypingError):
    """Failure typing a literal."""


class NumbaValueError(TypingError):
    pass


class NumbaTypeError(TypingError):
    pass


class NumbaAttributeError(TypingError):
    pass


class NumbaAssertionError(TypingError):
    pass


class NumbaNotImplementedError(TypingError):
    pass


class NumbaKeyError(TypingError):
    pass


class NumbaIndexError(TypingError):
    pass


class NumbaRuntimeError(NumbaError):
    pass


def deprecated(arg):
    """Decorator marking a function as deprecated (warns with NumbaDeprecationWarning)."""
    import functools
    import warnings

    def make(func, msg):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            warnings.warn(msg, NumbaDeprecationWarning, stacklevel=2)
            return func(*args, **kwargs)
        return wrapper

    if callable(arg):
        return make(arg, "Call to deprecated function %s." % arg.__name__)
    return lambda func: make(func, arg)


__all__ = [name for name, value in list(globals().items())
           if isinstance(value, type) and issubclass(value, (Exception, Warning))]
__all__.append("deprecated")
