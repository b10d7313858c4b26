"""draco: our Answer Set Programming knowledge base of visualization design, solved with clingo."""
