"""One module per GraphQL type; relations between them use lazy annotations."""
