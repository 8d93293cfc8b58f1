//! Finding the lambda to compile when a function's source is the statement that holds a lambda.

use ruff_python_ast::visitor::{walk_expr, Visitor};
use ruff_python_ast::{Expr, ExprLambda, ModModule};

/// The first lambda in source order (the outermost one when lambdas nest).
pub(crate) fn first_lambda(module: &ModModule) -> Option<&ExprLambda> {
    let mut finder = FirstLambda { found: None };
    finder.visit_body(&module.body);
    finder.found
}

struct FirstLambda<'a> {
    found: Option<&'a ExprLambda>,
}

impl<'a> Visitor<'a> for FirstLambda<'a> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.found.is_some() {
            return;
        }
        if let Expr::Lambda(lambda) = expr {
            self.found = Some(lambda);
            return;
        }
        walk_expr(self, expr);
    }
}
