print("FisherPerf")
