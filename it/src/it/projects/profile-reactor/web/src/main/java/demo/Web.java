package demo;

public class Web {}
