//! Typed indices into a function's tables, and source spans.

use std::fmt;

/// An SSA value: the result of one instruction, phi, or argument. Printed as `%3`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ValueId(pub u32);

/// A basic block. Printed as `bb2`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlockId(pub u32);

impl ValueId {
    pub fn new(index: usize) -> Self {
        ValueId(u32::try_from(index).expect("more than 2^32 values"))
    }
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl BlockId {
    pub const ENTRY: BlockId = BlockId(0);
    pub fn new(index: usize) -> Self {
        BlockId(u32::try_from(index).expect("more than 2^32 blocks"))
    }
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl fmt::Display for ValueId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "%{}", self.0)
    }
}

impl fmt::Display for BlockId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bb{}", self.0)
    }
}

/// A byte range `[start, end)` in the function's (dedented) source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: u32, end: u32) -> Self {
        Span { start, end }
    }
}
