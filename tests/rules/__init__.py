"""Tests of socialwork.rules: the engine, the parameters, the report and each built-in rule."""
