package demo;

public class Api {}
