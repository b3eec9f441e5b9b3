"""COCO's C functions that cocoex compiles in but does not wrap (f_opt, x_opt), through ctypes."""
import ctypes


def library():
    """The compiled cocoex module as a C library, with the signatures the scripts use."""
    import cocoex
    lib = ctypes.CDLL(cocoex.interface.__file__)
    lib.coco_suite.restype = ctypes.c_void_p
    lib.coco_suite.argtypes = [ctypes.c_char_p] * 3
    lib.coco_suite_get_problem_by_function_dimension_instance.restype = ctypes.c_void_p
    lib.coco_suite_get_problem_by_function_dimension_instance.argtypes = [ctypes.c_void_p] + [ctypes.c_size_t] * 3
    lib.coco_problem_get_best_value.restype = ctypes.c_double
    lib.coco_problem_get_best_value.argtypes = [ctypes.c_void_p]
    lib.coco_problem_get_best_parameter.restype = ctypes.c_int
    lib.coco_problem_get_best_parameter.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_double)]
    lib.coco_problem_free.argtypes = [ctypes.c_void_p]
    return lib


def optimal_value(lib, suite, function, dimension, instance):
    """f_opt of a problem of a C suite made by `lib.coco_suite`."""
    problem = lib.coco_suite_get_problem_by_function_dimension_instance(suite, function, dimension, instance)
    value = lib.coco_problem_get_best_value(problem)
    lib.coco_problem_free(problem)
    return value
