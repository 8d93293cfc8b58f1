//! Typing of the scalar forms of `np.random` and `random` functions (array forms are `@overload`s).

use ferrumba_types::{OpSignature, Type};

use super::uniform;

fn reals(args: &[Type]) -> bool {
    args.iter().all(|t| t.is_number() && !t.is_complex())
}

fn ints(args: &[Type]) -> bool {
    args.iter().all(Type::is_integer_like)
}

/// `name` is the qualified name: `numpy.random.normal`, `random.random`, ...
pub(crate) fn type_random(name: &str, args: &[Type]) -> Option<OpSignature> {
    let n = args.len();
    match name {
        "numpy.random.seed" | "random.seed" if n == 1 && ints(args) => Some(uniform(1, Type::INT64, Type::NoneType)),
        "numpy.random.random"
        | "numpy.random.random_sample"
        | "numpy.random.rand"
        | "numpy.random.randn"
        | "numpy.random.standard_normal"
        | "random.random"
            if n == 0 =>
        {
            Some(uniform(0, Type::FLOAT64, Type::FLOAT64))
        }
        "numpy.random.normal" | "numpy.random.uniform" | "random.uniform"
            if n <= 2 && reals(args) && (n == 2 || name.starts_with("numpy.")) =>
        {
            Some(uniform(n, Type::FLOAT64, Type::FLOAT64))
        }
        "numpy.random.randint" if (n == 1 || n == 2) && ints(args) => Some(uniform(n, Type::INT64, Type::INT64)),
        "random.randint" | "random.randrange" if n == 2 && ints(args) => Some(uniform(2, Type::INT64, Type::INT64)),
        _ => None,
    }
}
